import type { BranchPolicy } from '../config/teamConfigSchema';
import { ChangeTrailError } from '../errors';
import { findTickets, ticketFromBranch } from './ticketRefs';

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
 * lower case when the policy says so, within the policy's length limit. The ticket stays whole
 * (the slug is cut, at a word boundary) and the name never reads back as another ticket: a number
 * in the title or type is joined to its word (`node-20` -> `node20`), and `AB#123` keeps its `#`.
 * Throws when the template with the ticket cannot fit, or would read back as another ticket.
 */
export function branchNameFor(input: BranchFromTicket, policy: Pick<BranchPolicy, 'nameTemplate' | 'lowerCase' | 'maxLength'>): string {
  // #123 (GitHub, GitLab) cannot be read from a branch name: its number goes in, and the ticket is linked.
  const ticket = input.ticket.replace(/^#/, '');
  const build = (slug: string) => {
    const name = policy.nameTemplate
      .split('{type}').join(unnumbered(slugify(input.type)) || 'feature')
      .split('{ticket}').join(ticket)
      .split('{slug}').join(slug)
      .replace(/[-_/]+$/, '')
      .replace(/-+(?=\/)|\/-+/g, (m) => (m.includes('/') ? '/' : ''))
      .replace(/\/{2,}/g, '/')
      .replace(/^[-_/]+/, '');
    return policy.lowerCase ? name.toLowerCase() : name;
  };
  let slug = unnumbered(slugify(input.title ?? ''));
  const shortest = build('');
  if (shortest.length > policy.maxLength) {
    throw new ChangeTrailError(
      'ConfigInvalid',
      `branches.maxLength ${policy.maxLength} cannot hold "${shortest}" (${shortest.length} characters) for ticket ${input.ticket}: raise branches.maxLength or shorten branches.nameTemplate`,
    );
  }
  let name = build(slug);
  while (name.length > policy.maxLength && slug !== '') {
    // Drop the last word of the slug; a word is never cut in half.
    slug = slug.slice(0, Math.max(0, slug.lastIndexOf('-')));
    name = build(slug);
  }
  const read = readBack(name, input.ticket, policy.nameTemplate.includes('{ticket}'));
  if (read !== undefined) {
    throw new ChangeTrailError('ConfigInvalid', `branch name "${name}" would read back as ${read}, not ticket ${input.ticket}: check branches.nameTemplate`);
  }
  return name;
}

/** A slug in which no word is followed by "-<digit>", so no part of it reads as a ticket key (node-20 -> node20). */
function unnumbered(slug: string): string {
  return slug.replace(/-+(?=[0-9])/g, '');
}

/**
 * What is wrong with how `name` reads back, or undefined: it must name no other ticket (under any
 * listing of projects), and, when the template holds the ticket, name it when its project is listed.
 */
function readBack(name: string, ticket: string, holdsTicket: boolean): string | undefined {
  const id = ticket.toUpperCase();
  const key = /^([A-Za-z][A-Za-z0-9_]*)-[0-9]+$/.exec(ticket)?.[1]?.toUpperCase();
  // Every key-shaped word in any case (a project some team lists), and AB#n.
  const words = name.replace(/\//g, ' ');
  const keys = [...words.matchAll(/(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]{1,9})-([1-9][0-9]{0,8})(?![A-Za-z0-9_])/g)].map((m) => `${m[1].toUpperCase()}-${m[2]}`);
  const other = [...keys, ...findTickets(words, { projects: [], patterns: [] }).filter((t) => t.kind === 'azure').map((t) => t.id)].find((t) => t !== id);
  if (other) return `ticket ${other}`;
  if (!holdsTicket || !(key || /^AB#[0-9]+$/.test(id))) return undefined; // #123 and custom IDs are linked instead
  const found = ticketFromBranch(name, { projects: key ? [key] : [], patterns: [] });
  return found === id ? undefined : found ? `ticket ${found}` : 'no ticket';
}
