import * as vscode from 'vscode';
import { noteUri, parseDraft } from '../deployments/noteDraft';
import { publishDeployment } from '../deployments/publishDeployment';
import type { CommandDefinition } from './commandContext';
import { walkthroughStepDone } from '../walkthroughSteps';

/**
 * ChangeTrail: Record and Post Deployment: run from the note's CodeLens or the editor title. Reads
 * the message the person wrote, records the deployment, and replaces the document with the note
 * exactly as copied and posted.
 */
export const confirmDeploymentCommand: CommandDefinition = {
  id: 'changetrail.confirmDeployment',
  run: async (services, arg?: unknown, optionsArg?: unknown) => {
    const uri = noteUri(arg);
    const pending = uri ? services.deployments.get(uri) : undefined;
    if (!uri || !pending) {
      void vscode.window.showInformationMessage('ChangeTrail: this document is not a deployment note waiting to be recorded. Run "Record Deployment..." first.');
      services.logger.info('Record and post: no pending deployment note in the active editor');
      return undefined;
    }
    // Claimed before the first await: a second run (a double click, the CodeLens and the editor
    // title at once) finds nothing waiting instead of recording the deployment again.
    services.deployments.remove(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    const draft = parseDraft(document.getText());
    const skipQuestion = Boolean(optionsArg && typeof optionsArg === 'object' && (optionsArg as { confirm?: boolean }).confirm);
    if ((!draft.intact || draft.generated.trim() !== pending.generated.trim()) && !skipQuestion) {
      const choice = await vscode.window.showWarningMessage(
        'You edited the generated part of the note.',
        { modal: true, detail: 'The note is rendered again from the deployment record, so those edits would not be posted. Put what you want to say under "Message to the team": that part is posted with the note.' },
        'Record and post without those edits',
      );
      if (choice !== 'Record and post without those edits') {
        services.deployments.add(uri, pending);
        return undefined;
      }
    }
    const published = await publishDeployment(services, pending, draft.message);
    walkthroughStepDone('deployment');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), published.markdown);
    await vscode.workspace.applyEdit(edit);
    return published.recordId;
  },
};
