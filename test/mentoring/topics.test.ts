import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { UserError } from '../../src/discord/errors.js';
import { matchesTopic, parseTopics, topicChoices, topicListChoices, type FocusLabels } from '../../src/mentoring/topics.js';

const content = loadContent();
const labels: FocusLabels = { en: content.platformsPage('en').focusLabels, ar: content.platformsPage('ar').focusLabels };

const refused = (input: string): UserError => {
  try {
    parseTopics(input, labels);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error(`accepted ${input}`);
};

describe('parseTopics', () => {
  it('reads kinds of help by key or by label in either language, and keeps specialities as written', () => {
    expect(parseTopics(' Technical ,  React Native,career', labels)).toEqual({ topics: ['technical', 'career'], specialities: ['React Native'] });
    expect(parseTopics('Interview preparation; Go', labels)).toEqual({ topics: ['interview'], specialities: ['Go'] });
    // Arabic labels and the Arabic comma.
    expect(parseTopics('توجيه تقني، كوتلن', labels)).toEqual({ topics: ['technical'], specialities: ['كوتلن'] });
  });

  it('drops repeats and blanks, whatever their case or spelling', () => {
    expect(parseTopics('technical, TECHNICAL, react, React,, ,توجيه تقني', labels)).toEqual({ topics: ['technical'], specialities: ['react'] });
  });

  it('names what is wrong: no kind of help, more than five, a speciality over 40 characters', () => {
    expect(refused('React, Go').key).toBe('mentor.no_focus');
    expect(refused('technical, a, b, c, d, e').key).toBe('mentor.too_many_topics');
    const long = refused(`technical, ${'x'.repeat(41)}`);
    expect([long.key, long.vars.value]).toEqual(['mentor.topic_too_long', 'x'.repeat(41)]);
    expect(parseTopics(`technical, ${'x'.repeat(40)}`, labels).specialities).toHaveLength(1);
  });
});

describe('matching and autocomplete', () => {
  const offer = { topics: ['technical' as const], specialities: ['React Native'] };

  it('a find topic matches a kind of help exactly, or a speciality by part', () => {
    expect(matchesTopic(offer, 'technical', labels)).toBe(true);
    expect(matchesTopic(offer, 'توجيه تقني', labels)).toBe(true);
    expect(matchesTopic(offer, 'career', labels)).toBe(false);
    expect(matchesTopic(offer, 'native', labels)).toBe(true);
    expect(matchesTopic(offer, 'kotlin', labels)).toBe(false);
  });

  it('completes the last piece of a list and keeps what came before; never more than 100 characters', () => {
    // Words starting with what was typed come first (React Native), then words containing it (career).
    expect(topicListChoices('technical, Re', ['React Native', 'Rust'], labels, 'en').map((choice) => choice.value)).toEqual([
      'technical, React Native',
      'technical, career',
      'technical, interview',
    ]);
    expect(topicListChoices('', [], labels, 'en')).toHaveLength(5);
    expect(topicListChoices(`${'x'.repeat(95)}, tech`, [], labels, 'en')).toEqual([]);
    expect(topicChoices('تقني', ['React'], labels, 'ar')).toEqual([{ name: 'توجيه تقني', value: 'technical' }]);
  });
});
