import type { BoardPhase, BoardTask } from './build-board';
import { html, safeHref, type Html } from './html';
import { statusLabel } from './palette';

const MAX_DESCRIPTION = 300;

/** At most five ids, then a count, so a phase barrier of thousands stays one line. */
export function shortList(ids: readonly string[]): string {
  return ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`;
}

/** A PR as a link when its URL is http(s), else as plain text; nothing without one. */
export function renderPr(url: string | null, number: number | null): Html | string {
  const label = number !== null ? `PR #${number}` : 'PR';
  if (url === null && number === null) return '';
  const href = safeHref(url);
  return href ? html`<a href="${href}" target="_blank" rel="noopener noreferrer">${label}</a>` : label;
}

function renderTask(t: BoardTask, pod: string): Html {
  const description = t.description.length > MAX_DESCRIPTION ? `${t.description.slice(0, MAX_DESCRIPTION)}…` : t.description;
  const pr = renderPr(t.prUrl, t.prNumber);
  const blocked =
    t.blockedBy.length > 0 ? html`<span class="blocked" title="${t.blockedBy.join(', ')}">blocked by ${shortList(t.blockedBy)}</span>` : '';
  const footer = pr || blocked ? html`<footer>${blocked}${pr ? html`<span class="pr">${pr}</span>` : ''}</footer>` : '';
  return html`<article class="task s-${t.status}" data-id="${t.id}" data-pod="${pod}" data-status="${t.status}" data-text="${`${t.id} ${t.description}`.toLowerCase()}">
<header><span class="id">${t.id}</span><span class="pill s-${t.status}">${statusLabel(t.status)}</span>${t.priority !== 'medium' ? html`<span class="prio p-${t.priority}">${t.priority}</span>` : ''}</header>
<p class="desc" title="${t.description}">${description}</p>${footer}
</article>`;
}

/** The status board: a section per phase, a column per pod, a card per task. */
export function renderBoard(board: readonly BoardPhase[]): Html {
  if (board.length === 0) return html`<p class="empty">No tasks in this workspace.</p>`;
  return html`${board.map(
    (phase) => html`<section class="phase" data-phase="${phase.name}">
<h3>${phase.name} <span class="counts">${phase.counts.map(([s, n]) => html`<span class="count s-${s}">${n} ${statusLabel(s)}</span>`)}</span></h3>
<div class="pods">${phase.pods.map(
      (p) =>
        html`<div class="pod" data-pod="${p.pod}"><h4>${p.pod === 'none' ? 'No pod' : p.pod} <span class="n">${p.tasks.length}</span></h4>${p.tasks.map((t) => renderTask(t, p.pod))}</div>`,
    )}</div>
</section>`,
  )}`;
}
