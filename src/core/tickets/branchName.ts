import type { BranchPolicy } from '../config/teamConfigSchema';

/** What a new branch is made from. */
export interface BranchFromTicket {
  readonly ticket: string;
  readonly title?: string;
  /** e.g. feature, bugfix, hotfix, chore. */
  readonly type: string;
}

/** A lower-case ASCII slug of a title: accents folded, anything else becomes `-`. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/** Why git would refuse `name` as a branch name (git check-ref-format rules), or undefined. */
export function invalidBranchName(name: string): string | undefined {
  if (name.trim() === '') return 'a branch name cannot be empty';
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return 'a branch name cannot contain spaces or any of ~ ^ : ? * [ \\';
  if (name.includes('..')) return 'a branch name cannot contain ".."';
  if (name.includes('@{')) return 'a branch name cannot contain "@{"';
  if (name === '@') return 'a branch name cannot be "@"';
  if (/(^|\/)\.|\/\/|\/$|^\/|\.lock(\/|$)|\.$/.test(name)) return 'a branch name cannot start or end with "/", contain "//", end with "." or have a part that starts with "." or ends with ".lock"';
  return undefined;
}

/**
 * The name of a branch for a ticket, from the team's template (`{type}/{ticket}-{slug}`), in
 * lower case when the policy says so, cut at a word boundary to the policy's length limit.
 */
export function branchNameFor(input: BranchFromTicket, policy: Pick<BranchPolicy, 'nameTemplate' | 'lowerCase' | 'maxLength'>): string {
  const ticket = input.ticket.replace(/#/g, '-').replace(/^-/, '');
  const slug = slugify(input.title ?? '');
  let name = policy.nameTemplate
    .split('{type}').join(slugify(input.type) || 'feature')
    .split('{ticket}').join(ticket)
    .split('{slug}').join(slug)
    .replace(/[-_/]+$/, '')
    .replace(/-+(?=\/)|\/-+/g, (m) => (m.includes('/') ? '/' : ''));
  if (policy.lowerCase) name = name.toLowerCase();
  if (name.length > policy.maxLength) {
    const cut = name.slice(0, policy.maxLength);
    const boundary = cut.lastIndexOf('-');
    const keep = name.indexOf(ticket) + ticket.length;
    name = (boundary >= keep ? cut.slice(0, boundary) : cut).replace(/[-_.]+$/, '');
  }
  return name;
}
