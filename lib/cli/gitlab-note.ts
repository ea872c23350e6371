// The review as ONE sticky merge-request note on GitLab (REST API v4), through the same sticky-comment logic as GitHub.
import {
  CommentClientHooks,
  CommentError,
  CommentResult,
  CommentThread,
  RestClient,
  statusFailure,
  upsertStickyComment,
} from "./sticky-comment";

/** Where and as whom the note is written. */
export interface GitLabNoteTarget {
  /** The REST API root, e.g. `https://gitlab.com/api/v4` (`CI_API_V4_URL`). */
  readonly apiUrl: string;
  /** The project's id or `group/name` path (`CI_PROJECT_ID`). */
  readonly project: string;
  /** The merge request's IID, its number within the project (`CI_MERGE_REQUEST_IID`). */
  readonly mergeRequest: number;
  /**
   * A token that may write notes: a project or personal access token with the `api` scope (`GITLAB_TOKEN`); the job
   * token cannot.
   */
  readonly token: string;
  /** One note per id on the merge request, as {@link GitHubCommentTarget.commentId}. */
  readonly commentId?: string;
}

/**
 * Writes `markdown` as the merge request's one review note: updates the note carrying the marker, or creates it. A
 * token that may not write gives `read-only`; 404 and other failures throw {@link CommentError}.
 */
export async function upsertMergeRequestNote(
  target: GitLabNoteTarget,
  markdown: string,
  hooks: CommentClientHooks = {},
): Promise<CommentResult> {
  if (target.project === "") throw new CommentError("no project: set CI_PROJECT_ID");
  if (!Number.isSafeInteger(target.mergeRequest) || target.mergeRequest < 1)
    throw new CommentError(`merge request IID ${target.mergeRequest} is not a positive whole number`);
  if (target.token === "") throw new CommentError("no token: set GITLAB_TOKEN to a token with the api scope");
  const client = new RestClient(
    {
      service: "GitLab",
      apiUrl: target.apiUrl,
      apiVariable: "CI_API_V4_URL",
      headers: { "private-token": target.token },
    },
    hooks,
  );
  const notes = `/projects/${encodeURIComponent(target.project)}/merge_requests/${target.mergeRequest}/notes`;
  const thread: CommentThread = {
    client,
    name: `merge request !${target.mergeRequest}`,
    listUrl: client.url(`${notes}?per_page=100&sort=asc&order_by=created_at`),
    createUrl: client.url(notes),
    update: (id) => ({ method: "PUT", url: client.url(`${notes}/${id}`) }),
    failure: (what, status) =>
      statusFailure(
        "GitLab",
        what,
        status,
        `merge request !${target.mergeRequest} of project ${target.project} does not exist (deleted, or a wrong --pr) or the token cannot see the project`,
      ),
    // GitLab's note carries no web address; the merge request's is what a reader opens.
    webUrl: () => "",
  };
  return upsertStickyComment(thread, markdown, target.commentId);
}
