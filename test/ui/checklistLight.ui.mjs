import { prepareChecklistRepo, runChecklistChecks } from './checklistFlow.mjs';

export const title = 'checklist-light';
export const settings = { 'changetrail.hooks.offerInstall': false };
export const prepare = prepareChecklistRepo;
export const run = (context) => runChecklistChecks(context, 'light');
