/** A problem that stops a document from being a flow, located by a JSON path. */
export interface FlowError {
  /** `nodes[3].data.buttons[1].title`; empty for the document as a whole. */
  path: string
  /** Written for a marketer: what is wrong and, where it helps, how to fix it. */
  message: string
  /** The node the path points into, so the editor can show the error on it. */
  nodeId?: string
}
