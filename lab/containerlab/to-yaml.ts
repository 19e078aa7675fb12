// containerlab topology object → the YAML file containerlab reads, with the header and each link's
// planned names and addresses as comments.

import { Document, isMap, isScalar, isSeq, Pair, visit } from "yaml";
import { ContainerlabFile } from "./topology";

export function containerlabYaml(file: ContainerlabFile): string {
  const doc = new Document(file.topology);
  doc.commentBefore = file.header.map((line) => ` ${line}`).join("\n");
  visit(doc, {
    Pair(_, pair: Pair) {
      if (isScalar(pair.key) && pair.key.value === "endpoints" && isSeq(pair.value)) pair.value.flow = true;
    },
  });
  const links = doc.getIn(["topology", "links"]);
  if (isSeq(links)) {
    links.items.forEach((item, i) => {
      if (isMap(item)) item.commentBefore = ` ${file.linkNotes[i]}`;
    });
  }
  return doc.toString({ lineWidth: 0 });
}
