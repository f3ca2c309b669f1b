import type { CourseContent } from './course-content.types';

/** One difference between two versions, in words an author recognises. */
export interface ContentChange {
  change: 'added' | 'removed' | 'changed';
  /** Where, e.g. `Module "Landmarks" › Lesson "The PSIS" › markdown`. */
  path: string;
  before?: string;
  after?: string;
}

type Flat = Map<string, string>;

function label(item: Record<string, unknown>, kind: string): string {
  const name = item.title ?? item.name ?? item.type ?? item.citation;
  return `${kind} "${String(name)}"`;
}

const KIND_OF_LIST: Record<string, string> = {
  modules: 'Module',
  lessons: 'Lesson',
  people: 'Person',
  credits: 'Credit',
  references: 'Reference',
  relationships: 'Relationship',
};

/** Flattens a document to `path → value`; items of lists with ids are keyed by id, not position. */
function flatten(value: unknown, path: string, labels: Map<string, string>, into: Flat): void {
  if (Array.isArray(value)) {
    const objects = value.every((item) => item !== null && typeof item === 'object');
    if (!objects || value.length === 0) {
      into.set(
        path,
        value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(' · '),
      );
      return;
    }
    const listName = path.split('.').pop() ?? path;
    const kind = KIND_OF_LIST[listName] ?? listName;
    const keys = value.map((item: Record<string, unknown>, index) =>
      typeof item.id === 'string' ? item.id : `${index}`,
    );
    into.set(`${path}#order`, keys.join(','));
    labels.set(`${path}#order`, `${labels.get(path) ?? path} order`);
    value.forEach((item: Record<string, unknown>, index) => {
      const itemPath = `${path}[${keys[index]}]`;
      labels.set(itemPath, `${labels.get(path) ? `${labels.get(path)} › ` : ''}${label(item, kind)}`);
      flatten(item, itemPath, labels, into);
    });
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'id') {
        continue;
      }
      const itemPath = path ? `${path}.${key}` : key;
      const parentLabel = labels.get(path);
      labels.set(itemPath, parentLabel ? `${parentLabel} › ${key}` : key);
      flatten(item, itemPath, labels, into);
    }
    into.set(`${path}#present`, 'yes');
    return;
  }
  into.set(
    path,
    typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value),
  );
}

/** What changed from version `before` to version `after`. */
export function diffContent(before: CourseContent, after: CourseContent): ContentChange[] {
  const labels = new Map<string, string>();
  const left: Flat = new Map();
  const right: Flat = new Map();
  flatten(before, '', labels, left);
  flatten(after, '', labels, right);
  const changes: ContentChange[] = [];
  const describe = (path: string): string => labels.get(path.replace(/#present$/, '')) ?? path;
  for (const [path, value] of right) {
    const previous = left.get(path);
    if (path.endsWith('#present')) {
      if (previous === undefined) {
        changes.push({ change: 'added', path: describe(path) });
      }
    } else if (previous === undefined) {
      if (!left.has(path.replace(/\.[^.[\]]+$/, '#present')) && path.includes('[')) {
        continue; // Reported as its whole item being added.
      }
      changes.push({ change: 'added', path: describe(path), after: value });
    } else if (previous !== value) {
      changes.push({ change: 'changed', path: describe(path), before: previous, after: value });
    }
  }
  for (const [path, value] of left) {
    if (path.endsWith('#present') && !right.has(path)) {
      changes.push({ change: 'removed', path: describe(path) });
    } else if (
      !path.endsWith('#present') &&
      !right.has(path) &&
      right.has(path.replace(/\.[^.[\]]+$/, '#present'))
    ) {
      changes.push({ change: 'removed', path: describe(path), before: value });
    }
  }
  return changes;
}
