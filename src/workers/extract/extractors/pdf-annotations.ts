/**
 * The text a PDF page holds outside its text layer, read from pdf.js's `page.getAnnotations()`:
 * filled-in form fields (AcroForm widgets: text fields, list and combo boxes) and comments (the
 * contents of sticky notes, free-text boxes, highlights and other markup annotations).
 *
 * pdf.js types the annotation data as `any`; each field used here is checked before it is read.
 */

/** A choice field's option: the value stored in the file and the label shown for it. */
interface ChoiceOption {
  exportValue: unknown;
  displayValue: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** A choice field's selected values as the labels it shows (the stored value when there is no label). */
function choiceLabels(annotation: Record<string, unknown>): string[] {
  const options = Array.isArray(annotation.options) ? annotation.options.filter((o): o is ChoiceOption => isRecord(o)) : [];
  return strings(annotation.fieldValue).map((value) => {
    const label = options.find((option) => option.exportValue === value)?.displayValue;
    return typeof label === 'string' && label !== '' ? label : value;
  });
}

/**
 * The texts of one annotation. Check boxes, radio and push buttons and signatures hold states
 * ("Off", "Yes"), not text; a popup repeats the comment of the annotation it belongs to.
 */
function textsOf(annotation: Record<string, unknown>): string[] {
  if (annotation.hidden === true || annotation.subtype === 'Popup') return [];
  if (annotation.subtype === 'Widget') {
    if (annotation.fieldType === 'Tx') return strings(annotation.fieldValue);
    if (annotation.fieldType === 'Ch') return choiceLabels(annotation);
    return [];
  }
  const contents = isRecord(annotation.contentsObj) ? strings(annotation.contentsObj.str) : [];
  if (contents.some((text) => text.trim() !== '')) return contents;
  // A free-text box may carry its text only in its appearance, which pdf.js reads into textContent.
  return [strings(annotation.textContent).join('\n')];
}

/** The page's form-field values and comments in page order, each once, blank ones left out. */
export function annotationTexts(annotations: readonly unknown[]): string[] {
  const texts = new Set<string>();
  for (const annotation of annotations) {
    if (!isRecord(annotation)) continue;
    for (const text of textsOf(annotation)) {
      const trimmed = text.trim();
      if (trimmed !== '') texts.add(trimmed);
    }
  }
  return [...texts];
}
