import * as vscode from 'vscode';

// The Get Started walkthrough ticks a step when its context key turns true: when the thing the
// step asks for has happened, not when its command ran. A step ticked on "onCommand" was ticked by
// a refusal (hooks in Restricted Mode), a cancelled sign-in, or an opened and unsubmitted checklist.

/** What each walkthrough step (package.json contributes.walkthroughs) waits for. */
export const WALKTHROUGH_DONE = {
  hooks: 'changetrail.hooksInstalled',
  tracker: 'changetrail.trackerSignedIn',
  checklist: 'changetrail.checklistSubmitted',
  deployment: 'changetrail.deploymentRecorded',
} as const;

/** Ticks a walkthrough step: what it asks for has been done. */
export function walkthroughStepDone(step: keyof typeof WALKTHROUGH_DONE): void {
  void vscode.commands.executeCommand('setContext', WALKTHROUGH_DONE[step], true);
}
