// The search panel's filter controls become the API's structured filters.
import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH_FORM, formFilters } from '../../src/renderer/state/search-form';

describe('formFilters', () => {
  it('is undefined when no control is set', () => {
    expect(formFilters(EMPTY_SEARCH_FORM)).toBeUndefined();
    expect(formFilters({ ...EMPTY_SEARCH_FORM, type: ' , ', path: '  ', mode: 'keyword' })).toBeUndefined();
  });

  it('splits types on commas and spaces and keeps the path and dates as typed', () => {
    expect(formFilters({ type: 'pdf, md docx', path: ' reports/ ', after: '2025-01-01', before: '', mode: 'hybrid' })).toEqual({
      type: ['pdf', 'md', 'docx'],
      path: ['reports/'],
      after: '2025-01-01',
    });
  });
});
