import type { z } from 'zod';
import type { Approval, ApprovalAction, ApprovalStatus } from '../../../shared/domain/approval';

export type Decision = { action: ApprovalAction | 'expire' | 'cancel'; text?: string };

/** What a decision comes to, worked out before anything is written. */
export interface DecisionEffect {
  status: Exclude<ApprovalStatus, 'pending'>;
  /** Writes what the decision does; runs in the same unit of work that records the decision. */
  commit?(): void;
  /** After that commit: tell whoever waits in memory (a live A2A request, a chat listener). */
  afterCommit?(): void;
}

/**
 * One kind of thing a person decides, declared by the protocol that raises it. The inbox stores, lists, expires
 * and audits every kind alike; the kind says what its detail holds, which actions it offers, and what each does.
 */
export interface ApprovalKindSpec<D = unknown> {
  /** `<protocol>.<what>`, e.g. `a2a.request`. */
  readonly kind: string;
  /** How people name one: "A2A request", "chat handshake". */
  readonly label: string;
  /** What a notification says the peer does: "asks", "wants to connect". */
  readonly verb: string;
  /** The detail stored with each item, parsed whenever it is read back (never cast). */
  readonly detail: z.ZodType<D>;
  /** The actions a pending item offers. */
  actions(detail: D): ApprovalAction[];
  /** What a decision does: may wait on the network, but writes nothing itself. */
  decide(approval: Approval, detail: D, decision: Decision): DecisionEffect | Promise<DecisionEffect>;
}
