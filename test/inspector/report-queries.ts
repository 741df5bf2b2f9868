import type { SwitchboardNode } from '../../src/main/core/node';
import type { Finding, InspectionReport } from '../../src/shared/domain/inspector';

export const inspect = async (node: SwitchboardNode, target: Record<string, unknown>, probe = false) => (await node.api.call('inspector.inspect', { target, probe })) as InspectionReport;
export const at = (report: InspectionReport, path: string) => report.findings.filter((finding) => finding.path === path);
export const has = (report: InspectionReport, severity: Finding['severity'], path: string, message: RegExp) =>
  report.findings.some((finding) => finding.severity === severity && finding.path === path && message.test(finding.message));
