import { z } from 'zod';
import { decodePageToken } from './page-token';

/**
 * What the node checks of an A2A JSON-RPC request before the SDK sees it, on the 1.0 and the 0.3 path alike. The
 * SDK parses 1.0 params with lenient ProtoJSON readers (a missing role becomes ROLE_UNSPECIFIED, `parts: []` is
 * accepted, `historyLength: -1` and `statusTimestampAfter: "-1"` pass), so required fields and bounds are checked
 * here, each refusal naming the field it is about (A2A 1.0 §3.3.2: servers MUST validate all input parameters and
 * SHOULD say which failed and why).
 */

export type RpcProblemCode = -32600 | -32601 | -32602;

export interface RpcProblem {
  code: RpcProblemCode;
  message: string;
  /** The field the problem is about, as a path (`params.message.parts[2]`); absent for the method itself. */
  field?: string;
}

/** A JSON-RPC error as it goes on the wire. */
export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

const ERROR_INFO_TYPE = 'type.googleapis.com/google.rpc.ErrorInfo';
const A2A_ERROR_DOMAIN = 'a2a-protocol.org';
const REASONS: Record<RpcProblemCode, string> = { [-32600]: 'INVALID_REQUEST', [-32601]: 'METHOD_NOT_FOUND', [-32602]: 'INVALID_PARAMS' };

/**
 * The error for a problem in the version's own shape: 1.0 errors carry `data` as a list of ProtoJSON `Any`, here a
 * `google.rpc.ErrorInfo` naming the field (A2A 1.0 §9.5, as the SDK does for its own errors); 0.3 errors stay plain.
 */
export function rpcError(problem: RpcProblem, legacy: boolean): RpcError {
  if (legacy) return { code: problem.code, message: problem.message };
  return {
    code: problem.code,
    message: problem.message,
    data: [{ '@type': ERROR_INFO_TYPE, reason: REASONS[problem.code], domain: A2A_ERROR_DOMAIN, ...(problem.field ? { metadata: { field: problem.field } } : {}) }],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks. Each message is a short phrase that follows the field path: "params.message.role is required".

const MAX_ID_LENGTH = 1024;
const MAX_FOREIGN_TOKEN_LENGTH = 1024;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** "is required" when the member is missing, "must be …" when it has the wrong type. */
const expected = (what: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`) });

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const text = z.string(expected('a string'));
const nonEmpty = z.string(expected('a string')).min(1, 'must not be empty');
const identifier = nonEmpty.max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`);
const anObject = z.custom<Record<string, unknown>>(isPlainObject, expected('an object'));
const strings = z.array(text, expected('an array of strings'));
const flag = z.boolean(expected('true or false'));
const base64 = z.string(expected('base64 text')).regex(BASE64, 'must be base64 text');
/** A page token another store issued (push configs): opaque, but a bounded printable string. */
const foreignPageToken = z
  .string(expected('a string'))
  .max(MAX_FOREIGN_TOKEN_LENGTH, `must be at most ${MAX_FOREIGN_TOKEN_LENGTH} characters`)
  .regex(/^[\x21-\x7e]*$/, 'must be printable ASCII');
/** A page token of ours: exactly what the task store issued (A2A 1.0 §3.1.4: tokens are opaque to callers). */
const taskPageToken = z.string(expected('a string')).refine((token) => token === '' || decodePageToken(token) !== null, 'is not a page token this server issued');

/** ProtoJSON reads int32 from a number or a decimal string; 0.3's JSON Schema allows only numbers. */
const integer = (protoJson: boolean) => {
  const number = z.number(expected('an integer')).int('must be an integer');
  return protoJson ? { number, read: (value: unknown) => (typeof value === 'string' && /^-?\d{1,10}$/.test(value) ? Number(value) : value) } : { number, read: (value: unknown) => value };
};
const bounded = (protoJson: boolean, min: number, max?: number) => {
  const { number, read } = integer(protoJson);
  const atLeast = number.min(min, min === 0 ? 'must be 0 or more' : `must be between ${min} and ${max}`);
  return z.preprocess(read, max === undefined ? atLeast : atLeast.max(max, `must be between ${min} and ${max}`));
};

/**
 * RFC 3339 date-time (the ProtoJSON form of google.protobuf.Timestamp): `2026-01-02T03:04:05.678Z` or with an
 * offset; the date must exist and the year lie in 0001–9999.
 */
export function isRfc3339(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return false;
  return match[8] === undefined || (Number(match[8]) <= 23 && Number(match[9]) <= 59);
}
const timestamp = z.string(expected('an RFC 3339 timestamp')).refine(isRfc3339, 'must be an RFC 3339 timestamp such as 2026-01-02T03:04:05Z');

/** A part carries exactly one content: `has no content (…)`, `has two contents (text and data)`. */
function exactlyOne(part: Record<string, unknown>, members: readonly string[], ctx: z.RefinementCtx, noun = 'contents'): string | null {
  const present = members.filter((member) => part[member] !== undefined);
  if (present.length === 1) return present[0]!;
  const list = (names: readonly string[], joiner: string) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} ${joiner} ${names.at(-1)}`);
  ctx.addIssue({
    code: 'custom',
    message: present.length === 0 ? `has no ${noun.replace(/s$/, '')} (one of ${list(members, 'or')})` : `has ${present.length === 2 ? 'two' : present.length} ${noun} (${list(present, 'and')})`,
  });
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// A2A 1.0 (ProtoJSON of specification/a2a.proto; the method params are the proto request messages).

const V1_CONTENTS = ['text', 'raw', 'url', 'data'] as const;
const v1Part = z
  .looseObject({ text: text.optional(), raw: base64.optional(), url: nonEmpty.optional(), data: z.unknown().optional(), filename: text.optional(), mediaType: text.optional(), metadata: anObject.optional() }, expected('an object'))
  .superRefine((part, ctx) => void exactlyOne(part, V1_CONTENTS, ctx));
const v1Role = z.union([z.literal('ROLE_USER'), z.literal('ROLE_AGENT'), z.literal(1), z.literal(2)], expected('"ROLE_USER" or "ROLE_AGENT"'));
/** A message's fields that both versions share, after its parts (listed in this order, so issues come in it). */
const MESSAGE_FIELDS = { contextId: text.optional(), taskId: text.optional(), metadata: anObject.optional(), extensions: strings.optional(), referenceTaskIds: strings.optional() };
const partsOf = (part: z.ZodType) => z.array(part, expected('an array of parts')).min(1, 'must hold at least one part');
const v1Message = z.looseObject({ messageId: identifier, role: v1Role, parts: partsOf(v1Part), ...MESSAGE_FIELDS }, expected('an object'));
const TASK_STATES = ['TASK_STATE_UNSPECIFIED', 'TASK_STATE_SUBMITTED', 'TASK_STATE_WORKING', 'TASK_STATE_COMPLETED', 'TASK_STATE_FAILED', 'TASK_STATE_CANCELED', 'TASK_STATE_INPUT_REQUIRED', 'TASK_STATE_REJECTED', 'TASK_STATE_AUTH_REQUIRED'] as const;
const v1TaskState = z.union([z.enum(TASK_STATES), z.number().int().min(0).max(TASK_STATES.length - 1)], expected('a task state such as "TASK_STATE_WORKING"'));
const tenant = { tenant: text.optional() };

const v1Send = z.looseObject(
  {
    ...tenant,
    message: v1Message,
    configuration: z
      .looseObject({ acceptedOutputModes: strings.optional(), taskPushNotificationConfig: anObject.optional(), historyLength: bounded(true, 0).optional(), returnImmediately: flag.optional() }, expected('an object'))
      .optional(),
    metadata: anObject.optional(),
  },
  expected('an object'),
);
const v1TaskId = z.looseObject({ ...tenant, id: identifier }, expected('an object'));
const v1PushConfigId = z.looseObject({ ...tenant, taskId: identifier, id: identifier }, expected('an object'));

const V1_METHODS: Record<string, z.ZodType> = {
  SendMessage: v1Send,
  SendStreamingMessage: v1Send,
  GetTask: z.looseObject({ ...tenant, id: identifier, historyLength: bounded(true, 0).optional() }, expected('an object')),
  ListTasks: z.looseObject(
    {
      ...tenant,
      contextId: text.optional(),
      status: v1TaskState.optional(),
      pageSize: bounded(true, 1, 100).optional(),
      pageToken: taskPageToken.optional(),
      historyLength: bounded(true, 0).optional(),
      statusTimestampAfter: timestamp.optional(),
      includeArtifacts: flag.optional(),
    },
    expected('an object'),
  ),
  CancelTask: z.looseObject({ ...tenant, id: identifier, metadata: anObject.optional() }, expected('an object')),
  SubscribeToTask: v1TaskId,
  // The push-config shapes are the SDK's (params are a flattened TaskPushNotificationConfig); what a webhook URL
  // may be is the push-notification module's to decide.
  CreateTaskPushNotificationConfig: z.looseObject(
    { ...tenant, taskId: identifier, id: text.optional(), url: nonEmpty, token: text.optional(), authentication: z.looseObject({ scheme: nonEmpty, credentials: text.optional() }, expected('an object')).optional() },
    expected('an object'),
  ),
  GetTaskPushNotificationConfig: v1PushConfigId,
  DeleteTaskPushNotificationConfig: v1PushConfigId,
  ListTaskPushNotificationConfigs: z.looseObject({ ...tenant, taskId: identifier, pageSize: bounded(true, 0, 100).optional(), pageToken: foreignPageToken.optional() }, expected('an object')),
  GetExtendedAgentCard: z.looseObject({ ...tenant }, expected('an object')).optional(),
};

// ---------------------------------------------------------------------------------------------------------------
// A2A 0.3 (specification/json/a2a.json of v0.3.0: `kind`-discriminated parts, lowercase roles).

const V03_CONTENTS = ['text', 'file', 'data'] as const;
const v03File = z
  .looseObject({ bytes: base64.optional(), uri: nonEmpty.optional(), mimeType: text.optional(), name: text.optional() }, expected('an object'))
  .superRefine((file, ctx) => {
    const hasBytes = file.bytes !== undefined;
    const hasUri = file.uri !== undefined;
    if (hasBytes && hasUri) ctx.addIssue({ code: 'custom', message: 'has both bytes and uri (a file is one or the other)' });
    else if (!hasBytes && !hasUri) ctx.addIssue({ code: 'custom', message: 'has neither bytes nor uri' });
  });
const v03Part = z
  .looseObject({ kind: z.enum(V03_CONTENTS, expected('"text", "file" or "data"')), text: text.optional(), file: v03File.optional(), data: anObject.optional(), metadata: anObject.optional() }, expected('an object'))
  .superRefine((part, ctx) => {
    const content = exactlyOne(part, V03_CONTENTS, ctx);
    if (content !== null && content !== part.kind) ctx.addIssue({ code: 'custom', path: [part.kind], message: `is required for a part of kind "${part.kind}"` });
  });
const v03Message = z.looseObject(
  { kind: z.literal('message', expected('"message"')).optional(), messageId: identifier, role: z.enum(['user', 'agent'], expected('"user" or "agent"')), parts: partsOf(v03Part), ...MESSAGE_FIELDS },
  expected('an object'),
);
const v03Send = z.looseObject(
  {
    message: v03Message,
    configuration: z
      .looseObject({ acceptedOutputModes: strings.optional(), historyLength: bounded(false, 0).optional(), blocking: flag.optional(), pushNotificationConfig: anObject.optional() }, expected('an object'))
      .optional(),
    metadata: anObject.optional(),
  },
  expected('an object'),
);
const v03TaskId = z.looseObject({ id: identifier, metadata: anObject.optional() }, expected('an object'));

const V03_METHODS: Record<string, z.ZodType> = {
  'message/send': v03Send,
  'message/stream': v03Send,
  'tasks/get': z.looseObject({ id: identifier, historyLength: bounded(false, 0).optional(), metadata: anObject.optional() }, expected('an object')),
  'tasks/cancel': v03TaskId,
  'tasks/resubscribe': v03TaskId,
  'tasks/pushNotificationConfig/set': z.looseObject(
    { taskId: identifier, pushNotificationConfig: z.looseObject({ url: nonEmpty, id: text.optional(), token: text.optional(), authentication: anObject.optional() }, expected('an object')) },
    expected('an object'),
  ),
  'tasks/pushNotificationConfig/get': z.looseObject({ id: identifier, pushNotificationConfigId: text.optional(), metadata: anObject.optional() }, expected('an object')),
  'tasks/pushNotificationConfig/list': v03TaskId,
  'tasks/pushNotificationConfig/delete': z.looseObject({ id: identifier, pushNotificationConfigId: identifier, metadata: anObject.optional() }, expected('an object')),
  'agent/getAuthenticatedExtendedCard': anObject.optional(),
};

const V03_NAME_OF: Record<string, string> = {
  SendMessage: 'message/send',
  SendStreamingMessage: 'message/stream',
  GetTask: 'tasks/get',
  CancelTask: 'tasks/cancel',
  SubscribeToTask: 'tasks/resubscribe',
  CreateTaskPushNotificationConfig: 'tasks/pushNotificationConfig/set',
  GetTaskPushNotificationConfig: 'tasks/pushNotificationConfig/get',
  ListTaskPushNotificationConfigs: 'tasks/pushNotificationConfig/list',
  DeleteTaskPushNotificationConfig: 'tasks/pushNotificationConfig/delete',
  GetExtendedAgentCard: 'agent/getAuthenticatedExtendedCard',
};
const V1_NAME_OF = Object.fromEntries(Object.entries(V03_NAME_OF).map(([v1, v03]) => [v03, v1]));

/** The methods of one version, for callers that must know which method is which (the extended card). */
export const EXTENDED_CARD_METHODS = { v1: 'GetExtendedAgentCard', v03: 'agent/getAuthenticatedExtendedCard' } as const;

// ---------------------------------------------------------------------------------------------------------------

/** Members whose values are the caller's own JSON (metadata maps, data parts): read as they are. */
const OPAQUE_MEMBERS = new Set(['metadata', 'data']);

/**
 * The params as the schemas read them: ProtoJSON treats `null` as "not set" and accepts each field by its proto
 * name too (`message_id` for `messageId`), so nulls are dropped and, for 1.0, snake_case names read as camelCase
 * (the camelCase one wins when both are sent, as in the SDK's readers).
 */
function normalized(value: unknown, protoJson: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => normalized(item, protoJson));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null) continue;
    const name = protoJson && key.includes('_') ? key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()) : key;
    if (name !== key && name in value) continue;
    out[name] = OPAQUE_MEMBERS.has(name) ? member : normalized(member, protoJson);
  }
  return out;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`)).join('');
}

/**
 * What is wrong with a request whose JSON-RPC envelope is already known to be well formed (`jsonrpc`, `method`,
 * `id`), or null when it may go to the SDK. Unknown methods are answered here too, so a bad `params` on one is
 * still -32601 (the SDK checks params first and would say -32602).
 */
export function requestProblem(body: Record<string, unknown>, legacy: boolean): RpcProblem | null {
  // JSON-RPC 2.0 §4: an id number SHOULD NOT have a fractional part; the SDK refuses one, with the wrong code.
  if (typeof body.id === 'number' && !Number.isInteger(body.id)) return { code: -32600, message: 'id must be a string, an integer or null.', field: 'id' };
  // JSON-RPC 2.0 §4.2: params, when present, MUST be a structured value (an object or an array).
  const params = body.params;
  if ('params' in body && (typeof params !== 'object' || params === null)) return { code: -32600, message: 'params must be an object when present.', field: 'params' };

  const method = body.method as string;
  const schema = (legacy ? V03_METHODS : V1_METHODS)[method];
  if (!schema) {
    const hint = legacy ? (V1_METHODS[method] ? ' It is an A2A 1.0 method: send the header A2A-Version: 1.0.' : '') : V1_NAME_OF[method] ? ` It is the A2A 0.3 name of ${V1_NAME_OF[method]}.` : '';
    return { code: -32601, message: `Method not found: ${JSON.stringify(method.slice(0, 80))} is not an A2A ${legacy ? '0.3' : '1.0'} method.${hint}` };
  }
  // An array is a structured value, so the envelope is valid (§4.2), but A2A methods take named params: -32602.
  if (Array.isArray(params)) return { code: -32602, message: 'params must be an object (A2A methods take named parameters, not a list).', field: 'params' };

  const parsed = schema.safeParse(normalized(params, !legacy));
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  const field = fieldPath(['params', ...issue.path]);
  return { code: -32602, message: `${field} ${issue.message}.`, field };
}
