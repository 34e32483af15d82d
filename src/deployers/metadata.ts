/**
 * XMP provenance packets (IPTC Photo Metadata + Dublin Core), embedded by sharp's withXmp into every
 * delivered file. Built by hand as a string: it is a fixed template of a dozen fields, and sharp takes
 * the packet as text, so an XMP library would add weight without removing any work.
 */
export const DIGITAL_SOURCE_TYPE = {
  /** Made by an algorithm that was not trained on data: GenOps' procedural generator. */
  algorithmic: 'http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia',
  /** Made by a trained model: every AI back end. */
  trained: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
} as const;

export const GENOPS_NS = 'https://genops.dev/ns/xmp/1.0/';

export interface Provenance {
  title: string;
  /** The prompt the image was made from. */
  description: string;
  creator?: string;
  rights?: string;
  credit?: string;
  tags: string[];
  creatorTool: string;
  digitalSourceType: string;
  generator: string;
  model: string;
  jobKey: string;
  seed?: number;
  /** When the back end made the image (kept stable across reruns). */
  createdAt?: string;
}

export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // XML 1.0 forbids most control characters even when escaped: drop them.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
  );
}

export function buildXmp(p: Provenance): string {
  const attr = (name: string, value: string | number | undefined) =>
    value === undefined || value === '' ? '' : `\n    ${name}="${escapeXml(String(value))}"`;
  const alt = (name: string, value: string | undefined) =>
    value
      ? `\n   <${name}><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(value)}</rdf:li></rdf:Alt></${name}>`
      : '';
  const list = (name: string, kind: 'Seq' | 'Bag', values: string[]) =>
    values.length
      ? `\n   <${name}><rdf:${kind}>${values.map((v) => `<rdf:li>${escapeXml(v)}</rdf:li>`).join('')}</rdf:${kind}></${name}>`
      : '';
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    xmlns:genops="${GENOPS_NS}"${attr('xmp:CreatorTool', p.creatorTool)}${attr('xmp:CreateDate', p.createdAt)}${attr('photoshop:Credit', p.credit)}${attr('Iptc4xmpExt:DigitalSourceType', p.digitalSourceType)}${attr('Iptc4xmpExt:AISystemUsed', p.digitalSourceType === DIGITAL_SOURCE_TYPE.trained ? p.model : undefined)}${attr('genops:Generator', p.generator)}${attr('genops:Model', p.model)}${attr('genops:JobKey', p.jobKey)}${attr('genops:Seed', p.seed)}>${alt('dc:title', p.title)}${alt('dc:description', p.description)}${list('dc:creator', 'Seq', p.creator ? [p.creator] : [])}${alt('dc:rights', p.rights)}${list('dc:subject', 'Bag', p.tags)}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

export function digitalSourceTypeFor(generatorType: string): string {
  return generatorType === 'procedural' ? DIGITAL_SOURCE_TYPE.algorithmic : DIGITAL_SOURCE_TYPE.trained;
}
