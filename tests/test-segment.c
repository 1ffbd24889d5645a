/*
 * test-segment: sentences, lines and paragraphs as a reader sees them.
 *
 * Each case gives an input and the units it must yield, as text.  Property
 * tests run random and mutated inputs through all three unit kinds and
 * check the invariants of segment.h with a checker written apart from
 * segment.c (its own idea of a blank).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "fixtures.h"
#include "segment.h"

/* Segment s as kind and compare the units' text with the NULL-terminated want. */
static void
expect_units(enum segment_kind kind, const char *s, const char *const *want)
{
	struct text *text = fixture_text("case.txt", s);
	struct unit_list list;
	size_t i, count = 0;
	int ok = 1;

	while (want[count] != NULL)
		count++;
	segment_text(text, kind, &list);
	if (list.count != count)
		ok = 0;
	for (i = 0; ok && i < count; i++)
		if (list.unit[i].length != strlen(want[i]) ||
		    memcmp(text->bytes + list.unit[i].offset, want[i], list.unit[i].length) != 0)
			ok = 0;
	if (!ok) {
		print_message("input: [%s]\nwanted %zu units:\n", s, count);
		for (i = 0; i < count; i++)
			print_message("  [%s]\n", want[i]);
		print_message("got %zu units:\n", list.count);
		for (i = 0; i < list.count; i++)
			print_message("  [%.*s] paragraph %zu\n", (int)list.unit[i].length,
				      text->bytes + list.unit[i].offset, list.unit[i].paragraph);
	}
	segment_free(&list);
	text_free(text);
	assert_true(ok);
}

#define UNITS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NO_UNITS ((const char *const[]){ NULL })

/* One cmocka test per case: SENTENCES(name, input, "first", "second", ...). */
#define SENTENCES(name, input, ...) \
	static void name(void **state) \
	{ \
		(void)state; \
		expect_units(SEGMENT_SENTENCE, input, UNITS(__VA_ARGS__)); \
	}

/* End punctuation. */
SENTENCES(segment_splits_two_plain_sentences_at_full_stop,
	  "The cat sat. The dog ran.", "The cat sat.", "The dog ran.")
SENTENCES(segment_splits_at_question_mark,
	  "Did it work? Nobody knows.", "Did it work?", "Nobody knows.")
SENTENCES(segment_splits_at_exclamation_mark,
	  "It worked! Everyone cheered.", "It worked!", "Everyone cheered.")
SENTENCES(segment_splits_after_combined_question_and_exclamation,
	  "Really?! Yes, really.", "Really?!", "Yes, really.")
SENTENCES(segment_splits_sentences_separated_by_two_spaces_and_tabs,
	  "One here.  Two here.\tThree here.", "One here.", "Two here.", "Three here.")
SENTENCES(segment_splits_after_a_year_before_a_capital,
	  "It happened in 2019. The next year was calm.",
	  "It happened in 2019.", "The next year was calm.")
SENTENCES(segment_keeps_a_sentence_without_end_punctuation_whole,
	  "A single line without an end", "A single line without an end")
SENTENCES(segment_keeps_a_lowercase_continuation_after_a_full_stop,
	  "He said no. and then he left.", "He said no. and then he left.")

/* Ellipses. */
SENTENCES(segment_splits_after_an_attached_ellipsis_before_a_capital,
	  "I wondered\xe2\x80\xa6 Then I left.", "I wondered\xe2\x80\xa6", "Then I left.")
SENTENCES(segment_keeps_an_ellipsis_before_a_lowercase_word,
	  "He said ... that was it.", "He said ... that was it.")
SENTENCES(segment_keeps_three_dots_inside_a_sentence,
	  "It was... fine, really.", "It was... fine, really.")
SENTENCES(segment_keeps_a_spaced_ellipsis_before_a_proper_noun,
	  "We flew from \xe2\x80\xa6 Washington to Paris.",
	  "We flew from \xe2\x80\xa6 Washington to Paris.")
SENTENCES(segment_keeps_an_ellipsis_after_a_comma,
	  "Caught in the rain, ... Therefore it is unclear.",
	  "Caught in the rain, ... Therefore it is unclear.")
SENTENCES(segment_ends_a_paragraph_with_a_trailing_ellipsis,
	  "And then...\n\nNothing.", "And then...", "Nothing.")

/* Abbreviations before names. */
SENTENCES(segment_keeps_mr_before_a_name,
	  "Mr. Smith went to Washington. He left.",
	  "Mr. Smith went to Washington.", "He left.")
SENTENCES(segment_keeps_mrs_and_ms_before_names,
	  "Mrs. Jones met Ms. Lee.", "Mrs. Jones met Ms. Lee.")
SENTENCES(segment_keeps_dr_before_a_name,
	  "Dr. Fauci spoke on Monday.", "Dr. Fauci spoke on Monday.")
SENTENCES(segment_keeps_st_before_a_place,
	  "They moved to St. Louis last year.", "They moved to St. Louis last year.")
SENTENCES(segment_keeps_gen_sen_and_gov_before_names,
	  "Gen. Milley, Sen. Warren and Gov. Newsom met.",
	  "Gen. Milley, Sen. Warren and Gov. Newsom met.")
SENTENCES(segment_keeps_military_ranks_before_a_name,
	  "Lt. Col. Vindman testified.", "Lt. Col. Vindman testified.")
SENTENCES(segment_keeps_prof_and_rev_before_names,
	  "Prof. Lee and Rev. King spoke.", "Prof. Lee and Rev. King spoke.")
SENTENCES(segment_keeps_a_title_inside_brackets,
	  "The winner (Mr. Smith) was absent.", "The winner (Mr. Smith) was absent.")
SENTENCES(segment_keeps_mr_at_the_end_of_a_wrapped_line,
	  "A statement from Mr.\nSmith followed.", "A statement from Mr.\nSmith followed.")

/* Latin and other abbreviations. */
SENTENCES(segment_keeps_eg_before_a_capital,
	  "Some cities, e.g. Paris and Rome, are old.",
	  "Some cities, e.g. Paris and Rome, are old.")
SENTENCES(segment_keeps_ie_before_a_capital,
	  "The capital, i.e. Berlin, voted.", "The capital, i.e. Berlin, voted.")
SENTENCES(segment_keeps_vs_between_names,
	  "Roe vs. Wade was decided in 1973.", "Roe vs. Wade was decided in 1973.")
SENTENCES(segment_keeps_etc_before_a_lowercase_word,
	  "Apples, pears, etc. are sold here.", "Apples, pears, etc. are sold here.")
SENTENCES(segment_splits_after_etc_before_a_new_sentence,
	  "Apples, pears etc. Computers were cheaper.",
	  "Apples, pears etc.", "Computers were cheaper.")
SENTENCES(segment_keeps_no_before_a_number,
	  "He was ranked No. 1 in the world.", "He was ranked No. 1 in the world.")
SENTENCES(segment_splits_after_the_word_no_before_a_capital,
	  "The answer was no. Then he left.", "The answer was no.", "Then he left.")
SENTENCES(segment_keeps_a_month_abbreviation_before_a_day,
	  "On Jan. 6 the crowd came.", "On Jan. 6 the crowd came.")
SENTENCES(segment_keeps_inc_before_a_noun,
	  "Apple Inc. CEO Tim Cook spoke.", "Apple Inc. CEO Tim Cook spoke.")
SENTENCES(segment_splits_after_inc_before_a_sentence_opener,
	  "He works at Apple Inc. The company grew.",
	  "He works at Apple Inc.", "The company grew.")
SENTENCES(segment_keeps_jr_before_a_noun,
	  "Martin Luther King Jr. Day is a holiday.",
	  "Martin Luther King Jr. Day is a holiday.")

/* Dotted abbreviations. */
SENTENCES(segment_keeps_us_before_a_noun,
	  "The U.S. Senate voted on Tuesday.", "The U.S. Senate voted on Tuesday.")
SENTENCES(segment_splits_after_us_before_a_sentence_opener,
	  "He moved to the U.S. The move was hard.",
	  "He moved to the U.S.", "The move was hard.")
SENTENCES(segment_keeps_uk_un_and_eu_before_nouns,
	  "U.K. and E.U. envoys met at the U.N. Security Council.",
	  "U.K. and E.U. envoys met at the U.N. Security Council.")
SENTENCES(segment_keeps_us_at_the_end_of_a_wrapped_line,
	  "Officials in the U.S.\nCongress agreed.", "Officials in the U.S.\nCongress agreed.")
SENTENCES(segment_keeps_phd_before_a_noun,
	  "She has a Ph.D. Degree in law.", "She has a Ph.D. Degree in law.")

/* Initials. */
SENTENCES(segment_keeps_two_initials_before_a_surname,
	  "J. K. Rowling wrote it.", "J. K. Rowling wrote it.")
SENTENCES(segment_keeps_a_middle_initial,
	  "George W. Bush spoke.", "George W. Bush spoke.")
SENTENCES(segment_splits_after_a_single_capital_before_a_sentence_opener,
	  "They chose plan B. The others left.", "They chose plan B.", "The others left.")

/* Numbers, versions, times. */
SENTENCES(segment_keeps_decimals_and_percentages,
	  "It rose 2.5% to 1.3 million. Then it fell.",
	  "It rose 2.5% to 1.3 million.", "Then it fell.")
SENTENCES(segment_keeps_a_dotted_version,
	  "Install v2.0.1 now. It works.", "Install v2.0.1 now.", "It works.")
SENTENCES(segment_keeps_pm_before_a_weekday,
	  "They meet at 5 p.m. Friday in Paris.", "They meet at 5 p.m. Friday in Paris.")
SENTENCES(segment_keeps_am_before_a_lowercase_word,
	  "At 9 a.m. the doors opened.", "At 9 a.m. the doors opened.")
SENTENCES(segment_splits_after_pm_before_a_sentence_opener,
	  "The meeting began at 5 p.m. The end came late.",
	  "The meeting began at 5 p.m.", "The end came late.")
SENTENCES(segment_keeps_a_list_number_at_the_start_of_a_line,
	  "1. First item\n2. Second item", "1. First item", "2. Second item")

/* URLs and e-mail. */
SENTENCES(segment_keeps_a_url_with_dots_and_a_query,
	  "See https://example.com/a.b?c=d. Then go.",
	  "See https://example.com/a.b?c=d.", "Then go.")
SENTENCES(segment_keeps_a_bare_domain,
	  "Visit www.Example.com for more.", "Visit www.Example.com for more.")
SENTENCES(segment_keeps_an_email_address,
	  "Write to john.smith@example.org for details. Thanks.",
	  "Write to john.smith@example.org for details.", "Thanks.")
SENTENCES(segment_keeps_a_lowercase_dotted_name,
	  "We used node.js and the U.S.Army site.",
	  "We used node.js and the U.S.Army site.")

/* Quotes and brackets. */
SENTENCES(segment_keeps_a_closing_quote_with_its_attribution,
	  "\xe2\x80\x9c" "Do this,\xe2\x80\x9d he said. Then he left.",
	  "\xe2\x80\x9c" "Do this,\xe2\x80\x9d he said.", "Then he left.")
SENTENCES(segment_keeps_a_closing_quote_after_the_full_stop,
	  "He said \xe2\x80\x9cstop.\xe2\x80\x9d Then he left.",
	  "He said \xe2\x80\x9cstop.\xe2\x80\x9d", "Then he left.")
SENTENCES(segment_keeps_a_question_in_quotes_with_its_attribution,
	  "\xe2\x80\x9cWhy?\xe2\x80\x9d he asked.", "\xe2\x80\x9cWhy?\xe2\x80\x9d he asked.")
SENTENCES(segment_keeps_an_exclamation_in_quotes_with_its_attribution,
	  "\xe2\x80\x9cStop!\xe2\x80\x9d she shouted.",
	  "\xe2\x80\x9cStop!\xe2\x80\x9d she shouted.")
SENTENCES(segment_keeps_the_sentences_of_a_quotation_separate,
	  "\xe2\x80\x9cIt was bad. We left,\xe2\x80\x9d she said.",
	  "\xe2\x80\x9cIt was bad.", "We left,\xe2\x80\x9d she said.")
SENTENCES(segment_splits_before_an_opening_quote,
	  "He agreed. \xe2\x80\x9cWe will win.\xe2\x80\x9d Then he sat.",
	  "He agreed.", "\xe2\x80\x9cWe will win.\xe2\x80\x9d", "Then he sat.")
SENTENCES(segment_keeps_straight_quotes_with_the_sentence,
	  "He said \"great.\" Then he left.", "He said \"great.\"", "Then he left.")
SENTENCES(segment_keeps_a_closing_bracket_with_the_sentence,
	  "(See the chart.) It shows growth.", "(See the chart.)", "It shows growth.")
SENTENCES(segment_keeps_punctuation_after_a_quoted_exclamation,
	  "You think 'sign me up!' , right? Wrong.",
	  "You think 'sign me up!' , right?", "Wrong.")
SENTENCES(segment_keeps_a_stray_full_stop_with_its_sentence,
	  "It hit pedestrians. . A computer failed.",
	  "It hit pedestrians. .", "A computer failed.")

/* Other languages. */
SENTENCES(segment_splits_japanese_at_ideographic_full_stops,
	  "\xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xaf\xe6\x99\xb4\xe3\x82\x8c\xe3\x80\x82"
	  "\xe6\x98\x8e\xe6\x97\xa5\xe3\x81\xaf\xe9\x9b\xa8\xef\xbc\x81"
	  "\xe6\x9c\xac\xe5\xbd\x93\xef\xbc\x9f",
	  "\xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xaf\xe6\x99\xb4\xe3\x82\x8c\xe3\x80\x82",
	  "\xe6\x98\x8e\xe6\x97\xa5\xe3\x81\xaf\xe9\x9b\xa8\xef\xbc\x81",
	  "\xe6\x9c\xac\xe5\xbd\x93\xef\xbc\x9f")
SENTENCES(segment_keeps_a_japanese_quotation_with_what_follows,
	  /* 「行こう。」と彼は言った。次だ。 */
	  "\xe3\x80\x8c\xe8\xa1\x8c\xe3\x81\x93\xe3\x81\x86\xe3\x80\x82\xe3\x80\x8d"
	  "\xe3\x81\xa8\xe5\xbd\xbc\xe3\x81\xaf\xe8\xa8\x80\xe3\x81\xa3\xe3\x81\x9f\xe3\x80\x82"
	  "\xe6\xac\xa1\xe3\x81\xa0\xe3\x80\x82",
	  "\xe3\x80\x8c\xe8\xa1\x8c\xe3\x81\x93\xe3\x81\x86\xe3\x80\x82\xe3\x80\x8d"
	  "\xe3\x81\xa8\xe5\xbd\xbc\xe3\x81\xaf\xe8\xa8\x80\xe3\x81\xa3\xe3\x81\x9f\xe3\x80\x82",
	  "\xe6\xac\xa1\xe3\x81\xa0\xe3\x80\x82")
SENTENCES(segment_splits_chinese_after_a_closing_quote_before_an_opening_one,
	  /* 他说：“走吧。”“好。” */
	  "\xe4\xbb\x96\xe8\xaf\xb4\xef\xbc\x9a\xe2\x80\x9c\xe8\xb5\xb0\xe5\x90\xa7\xe3\x80\x82"
	  "\xe2\x80\x9d\xe2\x80\x9c\xe5\xa5\xbd\xe3\x80\x82\xe2\x80\x9d",
	  "\xe4\xbb\x96\xe8\xaf\xb4\xef\xbc\x9a\xe2\x80\x9c\xe8\xb5\xb0\xe5\x90\xa7\xe3\x80\x82"
	  "\xe2\x80\x9d",
	  "\xe2\x80\x9c\xe5\xa5\xbd\xe3\x80\x82\xe2\x80\x9d")
SENTENCES(segment_keeps_german_low_high_quotes_with_the_attribution,
	  "\xe2\x80\x9e" "Das ist gut\xe2\x80\x9c, sagte er. Er ging.",
	  "\xe2\x80\x9e" "Das ist gut\xe2\x80\x9c, sagte er.", "Er ging.")
SENTENCES(segment_keeps_a_german_closing_quote_after_the_full_stop,
	  "Er sagte: \xe2\x80\x9eWir gehen.\xe2\x80\x9c Dann ging er.",
	  "Er sagte: \xe2\x80\x9eWir gehen.\xe2\x80\x9c", "Dann ging er.")
SENTENCES(segment_keeps_a_german_abbreviation,
	  "Es gibt Obst, z.B. Birnen. Das reicht.",
	  "Es gibt Obst, z.B. Birnen.", "Das reicht.")
SENTENCES(segment_keeps_a_spaced_french_closing_guillemet,
	  "\xc2\xab C'est fini. \xc2\xbb Il est parti.",
	  "\xc2\xab C'est fini. \xc2\xbb", "Il est parti.")
SENTENCES(segment_keeps_a_french_guillemet_after_a_narrow_space,
	  "\xc2\xab" "Fini.\xe2\x80\xaf\xc2\xbb Il part.",
	  "\xc2\xab" "Fini.\xe2\x80\xaf\xc2\xbb", "Il part.")
SENTENCES(segment_splits_spanish_inverted_questions_and_exclamations,
	  "\xc2\xbfQu\xc3\xa9 pasa? \xc2\xa1Nada! No s\xc3\xa9.",
	  "\xc2\xbfQu\xc3\xa9 pasa?", "\xc2\xa1Nada!", "No s\xc3\xa9.")
SENTENCES(segment_splits_before_an_accented_capital,
	  "Il est venu. \xc3\x89tienne est parti.", "Il est venu.",
	  "\xc3\x89tienne est parti.")

/* Lines that stand alone. */
SENTENCES(segment_keeps_a_headline_line_apart_from_the_story,
	  "Trump Meets Kim in Singapore\nThe two leaders shook hands on Tuesday morning before talks began.",
	  "Trump Meets Kim in Singapore",
	  "The two leaders shook hands on Tuesday morning before talks began.")
SENTENCES(segment_keeps_a_byline_apart,
	  "By Jane Doe\nThe two leaders shook hands on Tuesday morning before talks began.",
	  "By Jane Doe",
	  "The two leaders shook hands on Tuesday morning before talks began.")
SENTENCES(segment_keeps_a_dateline_apart,
	  "WASHINGTON, Nov. 5\nThe two leaders shook hands on Tuesday morning before talks began.",
	  "WASHINGTON, Nov. 5",
	  "The two leaders shook hands on Tuesday morning before talks began.")
SENTENCES(segment_keeps_a_read_more_line_apart,
	  "The talks ended without a deal.\nRead more | Trump says no\nThe next round is in May.",
	  "The talks ended without a deal.", "Read more | Trump says no",
	  "The next round is in May.")
SENTENCES(segment_keeps_an_agency_credit_line_apart,
	  "The talks ended without a deal.\n\xe2\x80\x93 Reuters",
	  "The talks ended without a deal.", "\xe2\x80\x93 Reuters")
SENTENCES(segment_splits_an_agency_credit_on_the_same_line,
	  "The talks ended without a deal. \xe2\x80\x94 Reuters",
	  "The talks ended without a deal.", "\xe2\x80\x94 Reuters")
SENTENCES(segment_keeps_a_headline_paragraph_apart,
	  "Markets Fall\n\nStocks fell on Monday.", "Markets Fall", "Stocks fell on Monday.")
SENTENCES(segment_keeps_each_bullet_item_apart,
	  "Key points:\n- Taxes rise\n- Jobs fall", "Key points:", "- Taxes rise", "- Jobs fall")
SENTENCES(segment_keeps_a_long_unwrapped_line_without_end_punctuation_apart,
	  "This draft line runs on for a long time without any end punctuation because the writer "
	  "forgot it, as drafts do, and pressed enter\nThe next line starts a new thought.",
	  "This draft line runs on for a long time without any end punctuation because the writer "
	  "forgot it, as drafts do, and pressed enter",
	  "The next line starts a new thought.")

/* Hard-wrapped prose. */
SENTENCES(segment_keeps_hard_wrapped_prose_as_one_sentence,
	  "This is prose that goes on and on across several lines of text\n"
	  "and keeps going until the sentence finally ends right here. Next one.",
	  "This is prose that goes on and on across several lines of text\n"
	  "and keeps going until the sentence finally ends right here.",
	  "Next one.")
SENTENCES(segment_keeps_a_wrapped_line_before_a_proper_noun,
	  "Officials from both countries met with President\nBiden on Tuesday.",
	  "Officials from both countries met with President\nBiden on Tuesday.")
SENTENCES(segment_keeps_a_word_hyphenated_across_lines,
	  "The self-\nDriving car stopped.", "The self-\nDriving car stopped.")
SENTENCES(segment_keeps_a_line_ending_in_a_comma_with_the_next,
	  "He visited Paris,\nLondon and Rome.", "He visited Paris,\nLondon and Rome.")
SENTENCES(segment_keeps_a_line_ending_in_and_with_the_next,
	  "We saw the cat and\nThe Dog Show.", "We saw the cat and\nThe Dog Show.")
SENTENCES(segment_keeps_a_line_ending_in_a_colon_with_the_next,
	  "The cons are as follows:\nTrust is low.", "The cons are as follows:\nTrust is low.")
SENTENCES(segment_keeps_crlf_wrapped_prose_as_one_sentence,
	  "A sentence that wraps\r\nonto a second line. Done.",
	  "A sentence that wraps\r\nonto a second line.", "Done.")

SENTENCES(segment_keeps_a_balanced_wrap_inside_a_quoted_title,
	  "In their report, \"Ten Lessons on\nFloods Facing the Low-Lying Harbour,\" the River\n"
	  "Safety Council finds that most flood damage is due to blocked drains.",
	  "In their report, \"Ten Lessons on\nFloods Facing the Low-Lying Harbour,\" the River\n"
	  "Safety Council finds that most flood damage is due to blocked drains.")
SENTENCES(segment_keeps_a_wrapped_title_case_name_inside_a_sentence,
	  "According to new figures from the Regional Coastal Flood Defence Agency\n"
	  "Commission, more than 1,200 homes flooded.",
	  "According to new figures from the Regional Coastal Flood Defence Agency\n"
	  "Commission, more than 1,200 homes flooded.")
SENTENCES(segment_splits_after_a_number_wrapped_to_the_start_of_a_line,
	  "The gates cannot be left open, as shown in the rule number\n3. For those who doubt it, "
	  "there is more.",
	  "The gates cannot be left open, as shown in the rule number\n3.",
	  "For those who doubt it, there is more.")
SENTENCES(segment_keeps_a_dash_wrapped_to_the_start_of_a_line,
	  "Do these new flood gates\n\xe2\x80\x93 the costly ones \xe2\x80\x93 close faster?",
	  "Do these new flood gates\n\xe2\x80\x93 the costly ones \xe2\x80\x93 close faster?")
SENTENCES(segment_keeps_a_wrapped_amount_with_its_sentence,
	  "Each life is worth\n$9.2 million to the department of transport, it said.",
	  "Each life is worth\n$9.2 million to the department of transport, it said.")
SENTENCES(segment_keeps_a_wrapped_dateline_lede_whole,
	  "WOODSIDE, Calif. (AP) \xe2\x80\x94 President Joe Biden and Chinese President\n"
	  "Xi Jinping agreed Wednesday to restore military talks, officials said.",
	  "WOODSIDE, Calif. (AP) \xe2\x80\x94 President Joe Biden and Chinese President\n"
	  "Xi Jinping agreed Wednesday to restore military talks, officials said.")
SENTENCES(segment_keeps_a_line_before_a_deeper_indent_apart,
	  "Yes to the River Wall and No to the Wetland Plan\n"
	  "     The river wall will protect many homes from floods and the wetland\n"
	  "     plan which costs far too much money.",
	  "Yes to the River Wall and No to the Wetland Plan",
	  "The river wall will protect many homes from floods and the wetland\n"
	  "     plan which costs far too much money.")
SENTENCES(segment_keeps_a_lone_opener_word_with_the_next_line,
	  "Now\nI certainly know a great deal more about the barrier than before.",
	  "Now\nI certainly know a great deal more about the barrier than before.")
SENTENCES(segment_keeps_a_quotation_open_across_lines,
	  "\xe2\x80\x9cRiverton Flood Claims\nFall 30 Percent This Year.\xe2\x80\x9d Northwire, 2025.",
	  "\xe2\x80\x9cRiverton Flood Claims\nFall 30 Percent This Year.\xe2\x80\x9d", "Northwire, 2025.")
SENTENCES(segment_keeps_a_bullet_glyph_item_apart_without_a_colon,
	  "Highlights\n\xe2\x80\xa2 Taxes rise\n\xe2\x80\xa2 Jobs fall",
	  "Highlights", "\xe2\x80\xa2 Taxes rise", "\xe2\x80\xa2 Jobs fall")

/* Missing spaces. */
SENTENCES(segment_splits_two_sentences_missing_a_space,
	  "It created many positions.The cost fell.",
	  "It created many positions.", "The cost fell.")
SENTENCES(segment_keeps_a_dotted_name_after_a_capitalised_word,
	  "The website Auto.Loan states it.", "The website Auto.Loan states it.")
SENTENCES(segment_splits_after_a_number_missing_a_space,
	  "It costs $100,000.This is too much.", "It costs $100,000.", "This is too much.")

/* Edges. */
SENTENCES(segment_keeps_control_characters_inside_the_sentence,
	  "A bell\x07 rang. An escape\x1b[31m here.", "A bell\x07 rang.",
	  "An escape\x1b[31m here.")
SENTENCES(segment_trims_surrounding_no_break_spaces,
	  "\xc2\xa0 Hello there.\xc2\xa0\xe3\x80\x80", "Hello there.")
SENTENCES(segment_ends_a_sentence_at_a_blank_line_without_punctuation,
	  "No end here\n\nNext paragraph.", "No end here", "Next paragraph.")

static void
segment_yields_no_units_for_an_empty_text(void **state)
{
	(void)state;
	expect_units(SEGMENT_SENTENCE, "", NO_UNITS);
	expect_units(SEGMENT_LINE, "", NO_UNITS);
	expect_units(SEGMENT_PARAGRAPH, "", NO_UNITS);
}

static void
segment_yields_no_units_for_blank_lines_only(void **state)
{
	(void)state;
	expect_units(SEGMENT_SENTENCE, " \n\t\r\n\xc2\xa0\n\n", NO_UNITS);
	expect_units(SEGMENT_LINE, " \n\t\r\n\n", NO_UNITS);
	expect_units(SEGMENT_PARAGRAPH, " \n\t\r\n\n", NO_UNITS);
}

static void
segment_makes_each_line_a_unit_in_line_mode(void **state)
{
	(void)state;
	expect_units(SEGMENT_LINE, "  First line. Still first.\nSecond line\r\n\r\n\tThird\rFourth  ",
		     UNITS("First line. Still first.", "Second line", "Third", "Fourth"));
}

static void
segment_makes_each_paragraph_a_unit_in_paragraph_mode(void **state)
{
	(void)state;
	expect_units(SEGMENT_PARAGRAPH, "One. Two.\nThree.\n\n \n Four.\r\n\r\nFive",
		     UNITS("One. Two.\nThree.", "Four.", "Five"));
}

/* Paragraph numbers of s as kind, compared with want (count entries). */
static void
expect_paragraphs(enum segment_kind kind, const char *s, const size_t *want, size_t count)
{
	struct text *text = fixture_text("case.txt", s);
	struct unit_list list;
	size_t i;

	segment_text(text, kind, &list);
	assert_int_equal(list.count, count);
	for (i = 0; i < count; i++)
		assert_int_equal(list.unit[i].paragraph, want[i]);
	segment_free(&list);
	text_free(text);
}

static void
segment_numbers_paragraphs_across_blank_lines(void **state)
{
	static const size_t sentence[] = { 0, 0, 0, 1, 2, 2 };
	static const size_t line[] = { 0, 0, 1, 2 };
	static const size_t paragraph[] = { 0, 1, 2 };
	const char *s = "\n\nOne. Two.\nThree\n\n\n\nFour.\n \t \nFive. Six.\n";

	(void)state;
	expect_paragraphs(SEGMENT_SENTENCE, s, sentence, ARRAY_SIZE(sentence));
	expect_paragraphs(SEGMENT_LINE, s, line, ARRAY_SIZE(line));
	expect_paragraphs(SEGMENT_PARAGRAPH, s, paragraph, ARRAY_SIZE(paragraph));
}

static void
segment_separates_paragraphs_with_crlf_and_cr_blank_lines(void **state)
{
	static const size_t crlf[] = { 0, 1 };

	(void)state;
	expect_paragraphs(SEGMENT_SENTENCE, "One.\r\n\r\nTwo.", crlf, 2);
	expect_paragraphs(SEGMENT_SENTENCE, "One.\r\rTwo.", crlf, 2);
	expect_units(SEGMENT_SENTENCE, "One.\r\rTwo.", UNITS("One.", "Two."));
}

static void
segment_counts_offsets_from_the_start_of_the_file_past_a_bom(void **state)
{
	struct text *text = fixture_text("bom.txt", "\xef\xbb\xbfHi there. Bye.");
	struct unit_list list;

	(void)state;
	segment_text(text, SEGMENT_SENTENCE, &list);
	assert_int_equal(list.count, 2);
	assert_int_equal(list.unit[0].offset, 3);
	assert_int_equal(list.unit[0].length, strlen("Hi there."));
	assert_int_equal(list.unit[1].offset, 3 + strlen("Hi there. "));
	segment_free(&list);
	text_free(text);
}

static void
segment_names_the_three_unit_kinds(void **state)
{
	(void)state;
	assert_int_equal(segment_kind_from_name("sentence"), SEGMENT_SENTENCE);
	assert_int_equal(segment_kind_from_name("line"), SEGMENT_LINE);
	assert_int_equal(segment_kind_from_name("paragraph"), SEGMENT_PARAGRAPH);
	assert_int_equal(segment_kind_from_name("word"), -1);
	assert_int_equal(segment_kind_from_name(""), -1);
	assert_string_equal(segment_kind_name(SEGMENT_SENTENCE), "sentence");
	assert_string_equal(segment_kind_name(SEGMENT_LINE), "line");
	assert_string_equal(segment_kind_name(SEGMENT_PARAGRAPH), "paragraph");
}

static void
segment_frees_a_zeroed_list_without_harm(void **state)
{
	struct unit_list list = { 0 };

	(void)state;
	segment_free(&list);
	segment_free(&list);
	assert_null(list.unit);
	assert_int_equal(list.count, 0);
}

/* A wire story written for this test (tests/data/segment-wire.txt). */
static void
segment_segments_a_wire_story_as_a_reader_would(void **state)
{
	static const char *const want[] = {
		"Leaders Agree on Climate Fund at Late-Night Summit",
		"By Jane Doe and J. R. Smith",
		"GENEVA, Nov. 12",
		"Negotiators from 190 countries agreed early on Sunday to set up a fund\n"
		"worth $1.3 billion, the U.N. Environment Programme said.",
		"\xe2\x80\x9cThis is a first step.",
		"It is not enough,\xe2\x80\x9d said Dr. Amina Yusuf, who\n"
		"chaired the talks until 3 a.m. Saturday.",
		"The U.S. delegation, led by\nSen. John Kerry, did not comment.",
		"Was it worth it?",
		"Observers, e.g. Greenpeace, were divided\xe2\x80\xa6",
		"Some called\nit a \xe2\x80\x9chistoric\xe2\x80\x9d deal.",
		"Details are at https://example.org/fund.html or press@example.org.",
		"Read more | What the fund will pay for",
		"\xe2\x80\x93 Reuters",
		NULL
	};
	const char *dir = getenv("top_srcdir");
	char path[4096];
	struct error err = { 0 };
	struct text *text;
	struct unit_list list;
	size_t i;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/data/segment-wire.txt", dir ? dir : ".");
	text = text_load(path, NULL, &err);
	if (text == NULL)
		fail_msg("%s", err.message);
	segment_text(text, SEGMENT_SENTENCE, &list);
	for (i = 0; want[i] != NULL && i < list.count; i++) {
		if (list.unit[i].length != strlen(want[i]) ||
		    memcmp(text->bytes + list.unit[i].offset, want[i], list.unit[i].length) != 0)
			fail_msg("unit %zu is [%.*s], wanted [%s]", i, (int)list.unit[i].length,
				 text->bytes + list.unit[i].offset, want[i]);
	}
	assert_int_equal(list.count, ARRAY_SIZE(want) - 1);
	assert_int_equal(list.unit[0].paragraph, 0);
	assert_int_equal(list.unit[2].paragraph, 1);
	assert_int_equal(list.unit[4].paragraph, 2);
	assert_int_equal(list.unit[11].paragraph, 5);
	segment_free(&list);
	text_free(text);
}

/* ------------------------------------------------------------------ */
/* Properties. */

/* The checker's own idea of a blank character (segment.h's "blank"). */
static int
check_blank(ucs4_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
		c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200b) || c == 0x2028 ||
		c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

/* Length of the character at i, and whether it is blank (invalid bytes are not). */
static size_t
check_char(const char *s, size_t i, size_t n, int *blank)
{
	ucs4_t c;
	int len = u8_mbtouc(&c, (const uint8_t *)s + i, n - i);

	*blank = check_blank(c) && !(c == 0xfffd && len == 1);
	return (size_t)len;
}

/* Does [a, b) hold a blank line: a line end, blanks only, another line end? */
static int
check_blank_line_between(const char *s, size_t a, size_t b)
{
	size_t i = a, ends = 0;

	while (i < b) {
		int blank;
		size_t len = check_char(s, i, b, &blank);

		if (s[i] == '\r' && i + 1 < b && s[i + 1] == '\n')
			len = 2;
		if (s[i] == '\n' || s[i] == '\r') {
			if (++ends >= 2)
				return 1;
		} else if (!blank) {
			ends = 0;
		}
		i += len;
	}
	return 0;
}

static int
check_has_line_end(const char *s, size_t a, size_t b)
{
	return memchr(s + a, '\n', b - a) != NULL || memchr(s + a, '\r', b - a) != NULL;
}

/* Check every invariant of segment.h, and the kind's own, on text. */
static void
check_invariants(const struct text *text, enum segment_kind kind)
{
	struct unit_list list;
	const char *s = text->bytes;
	size_t k, i = text->start;

	segment_text(text, kind, &list);
	for (k = 0; k < list.count; k++) {
		const struct unit *u = &list.unit[k];
		size_t end = u->offset + u->length, first_len;
		int blank;

		assert_true(u->length > 0);
		assert_true(u->offset >= text->start);
		assert_true(end <= text->length);
		/* Everything between the previous unit and this one is blank. */
		for (; i < u->offset; i += check_char(s, i, text->length, &blank)) {
			check_char(s, i, text->length, &blank);
			if (!blank)
				fail_msg("non-blank byte %zu (0x%02x) outside every unit (%s)", i,
					 (unsigned char)s[i], segment_kind_name(kind));
		}
		assert_int_equal(i, u->offset);	/* on a character boundary */
		first_len = check_char(s, u->offset, end, &blank);
		assert_false(blank);
		assert_true(first_len <= u->length);
		/* The last character is not blank either. */
		{
			size_t j = u->offset, last = j;

			while (j < end) {
				last = j;
				j += check_char(s, j, end, &blank);
			}
			check_char(s, last, end, &blank);
			assert_false(blank);
		}
		if (k > 0) {
			const struct unit *prev = &list.unit[k - 1];
			size_t prev_end = prev->offset + prev->length;

			assert_true(prev_end <= u->offset);
			assert_true(u->paragraph >= prev->paragraph);
			assert_true(u->paragraph <= prev->paragraph + 1);
			assert_int_equal(u->paragraph != prev->paragraph,
					 check_blank_line_between(s, prev_end, u->offset));
		} else {
			assert_int_equal(u->paragraph, 0);
		}
		/* No unit crosses a blank line; a line unit crosses no line end. */
		assert_false(check_blank_line_between(s, u->offset, end));
		if (kind == SEGMENT_LINE)
			assert_false(check_has_line_end(s, u->offset, end));
		i = end;
	}
	for (; i < text->length; i += check_char(s, i, text->length, &(int){ 0 })) {
		int blank;

		check_char(s, i, text->length, &blank);
		if (!blank)
			fail_msg("non-blank byte %zu after the last unit (%s)", i,
				 segment_kind_name(kind));
	}
	segment_free(&list);
}

static void
check_all_kinds(const struct text *text)
{
	check_invariants(text, SEGMENT_SENTENCE);
	check_invariants(text, SEGMENT_LINE);
	check_invariants(text, SEGMENT_PARAGRAPH);
}

/* A small deterministic generator (xorshift64*), so failures reproduce. */
static uint64_t
rng_next(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ull;
}

static const char *const fragments[] = {
	"a", "word", "The", "B", "Mr", "U.S.", "e.g.", "2.5", "p.m.", "x@y.org", " ", " ",
	"  ", "\t", "\n", "\n", "\r\n", "\r", "\n\n", ".", ".", "!", "?", "...",
	"\xe2\x80\xa6", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x9e", "\xc2\xab", "\xc2\xbb",
	"\xe3\x80\x82", "\xef\xbc\x9f", "\xe6\x9d\xb1", "\xe3\x80\x8c", "\xe3\x80\x8d",
	"\xc2\xa0", "\xe3\x80\x80", "\xe2\x80\xaf", "(", ")", "'", "\"", "\xc3\xa9", "-",
	"\xe2\x80\x93", ",", ":", ";", "\xc2\xbf", "\xc2\xa1", "\x07", "\x1b", "1.", "- ",
	"\xef\xbb\xbf", "http://a.b/c?d", "|",
};

/* Build a random text of up to max_pieces fragments into buf (NUL-terminated). */
static size_t
random_text(uint64_t *rng, char *buf, size_t cap, size_t max_pieces)
{
	size_t n = 0, pieces = rng_next(rng) % (max_pieces + 1), k;

	for (k = 0; k < pieces; k++) {
		const char *f = fragments[rng_next(rng) % ARRAY_SIZE(fragments)];
		size_t len = strlen(f);

		if (n + len + 1 > cap)
			break;
		memcpy(buf + n, f, len);
		n += len;
	}
	buf[n] = '\0';
	return n;
}

/* A struct text over raw bytes, bypassing text_load's checks (invalid UTF-8 too). */
static void
check_raw(const char *bytes, size_t n)
{
	struct text text;

	text.name = (char *)"raw";
	text.bytes = (char *)bytes;
	text.length = n;
	text.start = n >= 3 && memcmp(bytes, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	check_all_kinds(&text);
}

static void
segment_keeps_its_invariants_on_random_texts(void **state)
{
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	char buf[2048];
	int round;

	(void)state;
	for (round = 0; round < 3000; round++) {
		size_t n = random_text(&rng, buf, sizeof(buf), 120);
		struct error err = { 0 };
		struct text *text = text_from_memory("random", buf, n, NULL, &err);

		assert_non_null(text);
		check_all_kinds(text);
		text_free(text);
	}
}

static void
segment_keeps_its_invariants_on_mutated_texts(void **state)
{
	static const char *const seeds[] = {
		"Trump Meets Kim\nBy Jane Doe\n\nWASHINGTON (Reuters) - Mr. Trump met Kim "
		"Jong-un at 5 p.m. Friday. \xe2\x80\x9cIt was bad. We left,\xe2\x80\x9d he said.\n",
		"\xe6\x9d\xb1\xe4\xba\xac\xe3\x80\x82\xe3\x80\x8c\xe8\xa1\x8c\xe3\x80\x82\xe3\x80\x8d"
		"\xe3\x81\xa8\xe3\x80\x82\r\n\r\n\xc2\xab C'est fini. \xc2\xbb Il part.\r",
		"1. First item\n2. Second\n- bullet\n\xe2\x80\x93 Reuters\nRead more | x\n",
	};
	uint64_t rng = 12345;
	char buf[1024];
	int round;

	(void)state;
	for (round = 0; round < 3000; round++) {
		const char *seed = seeds[(size_t)round % ARRAY_SIZE(seeds)];
		size_t n = strlen(seed), m, edits = 1 + rng_next(&rng) % 8;

		memcpy(buf, seed, n);
		for (m = 0; m < edits && n > 0; m++) {
			size_t at = rng_next(&rng) % n;

			switch (rng_next(&rng) % 4) {
			case 0:	/* delete a byte: may leave invalid UTF-8 */
				memmove(buf + at, buf + at + 1, n - at - 1);
				n--;
				break;
			case 1:	/* replace a byte with any byte but NUL */
				buf[at] = (char)(1 + rng_next(&rng) % 255);
				break;
			default: {	/* insert a fragment */
				const char *f = fragments[rng_next(&rng) % ARRAY_SIZE(fragments)];
				size_t len = strlen(f);

				if (n + len < sizeof(buf)) {
					memmove(buf + at + len, buf + at, n - at);
					memcpy(buf + at, f, len);
					n += len;
				}
				break;
			}
			}
		}
		check_raw(buf, n);
	}
}

/* Inputs that would take quadratic time in a careless splitter. */
static void
segment_keeps_its_invariants_on_long_degenerate_lines(void **state)
{
	static const char *const patterns[] = {
		"a", "a.", "a.a.Ab.", "x.Ya", ". ", "\xe2\x80\x9c", "Mr. ", "((((", "a!?",
		"\xe3\x80\x82", "  \n",
	};
	size_t n = 200000, p;
	char *buf = malloc(n + 8);

	(void)state;
	assert_non_null(buf);
	for (p = 0; p < ARRAY_SIZE(patterns); p++) {
		size_t len = strlen(patterns[p]), k;

		for (k = 0; k + len <= n; k += len)
			memcpy(buf + k, patterns[p], len);
		check_raw(buf, k);
	}
	free(buf);
}

static void
segment_cuts_a_million_one_word_sentences(void **state)
{
	size_t count = 1000000, n = count * 6, k;
	char *buf = malloc(n + 1);
	struct text text;
	struct unit_list list;

	(void)state;
	assert_non_null(buf);
	for (k = 0; k < count; k++)
		memcpy(buf + k * 6, "Word. ", 6);
	text.name = (char *)"million";
	text.bytes = buf;
	text.length = n;
	text.start = 0;
	segment_text(&text, SEGMENT_SENTENCE, &list);
	assert_int_equal(list.count, count);
	assert_int_equal(list.unit[count - 1].offset, (count - 1) * 6);
	assert_int_equal(list.unit[count - 1].length, 5);
	segment_free(&list);
	free(buf);
}

/*
 * segment.c answers "lower case? capital? digit? letter?" for ASCII
 * itself and asks libunistring only beyond it: that holds only while
 * libunistring's answers on ASCII are the plain ranges.
 */
static void
segment_reads_ascii_as_libunistring_does(void **state)
{
	ucs4_t c;

	(void)state;
	for (c = 0; c < 0x80; c++) {
		int lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';

		assert_int_equal(uc_is_lower(c) != 0, lower);
		assert_int_equal(uc_is_upper(c) != 0, upper);
		assert_int_equal((uc_is_upper(c) || uc_is_property_titlecase(c)) != 0, upper);
		assert_int_equal(uc_is_digit(c) != 0, c >= '0' && c <= '9');
		assert_int_equal(uc_is_alpha(c) != 0, lower || upper);
	}
}

/*
 * Lines are read 16 bytes at a time: a sentence end, a line end, a tab or
 * a character beyond ASCII at every place of a long line must be found
 * where it is.
 */
static void
segment_finds_what_ends_a_sentence_at_every_place_of_a_long_line(void **state)
{
	static const char *const marks[] = { ". Next", "\n\nNext", "\tmid", " \xc3\xa9t\xc3\xa9", "!  Next" };
	size_t m, at;

	(void)state;
	for (m = 0; m < sizeof(marks) / sizeof(marks[0]); m++)
		for (at = 1; at < 40; at++) {
			char s[128];
			struct text *text;
			struct unit_list list;
			size_t k, n = 0, words = 0;

			for (k = 0; k < at; k++)
				s[n++] = k % 6 == 5 ? ' ' : (char)('a' + k % 26);
			if (s[n - 1] == ' ')
				s[n - 1] = 'z';
			n += (size_t)sprintf(s + n, "%s word after", marks[m]);
			text = fixture_text("long.txt", s);
			segment_text(text, SEGMENT_SENTENCE, &list);
			/* the first unit runs to the mark, or over it when no sentence ends there */
			for (k = 0; k < list.count; k++)
				words += list.unit[k].length;
			if (m == 0 || m == 4) {
				assert_int_equal(list.count, 2);
				assert_int_equal(list.unit[0].length, at + 1);
			} else if (m == 1) {
				assert_int_equal(list.count, 2);
				assert_int_equal(list.unit[0].length, at);
				assert_int_equal(list.unit[1].paragraph, 1);
			} else {
				assert_int_equal(list.count, 1);
				assert_int_equal(list.unit[0].length, n);
			}
			assert_true(words <= n);
			segment_free(&list);
			text_free(text);
		}
}

/*
 * The word before a full stop is read 16 bytes back at a time, and the
 * word after it 16 bytes at once when the line holds that many: at every
 * place of a line, the decision must be the one the words call for.
 */
static void
segment_reads_the_words_around_a_stop_at_every_place_of_a_line(void **state)
{
	static const struct {
		const char *text;
		size_t units;
	} cases[] = {
		{ "Mr. Smith came.", 1 },
		{ "ends. Smith came.", 2 },
		{ "U.S. Senate voted on it all day long.", 1 },
		{ "U.S. The vote.", 2 },
		{ "Acme Inc. Theodorakis said.", 1 },
		{ "Acme Inc. The vote went on and on.", 2 },
		{ "Acme Inc. The", 2 },
		{ "x\tMr. Smith came.", 1 },
		{ "\xc2\xabMr. Smith came.", 1 },
		{ "caf\xc3\xa9Mr. Smith came.", 2 },
		{ "(Mr. Smith came.", 1 },
		/* a dotted abbreviation of 63 bytes is read, of 65 is not */
		{ "a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a. Smith came.", 1 },
		{ "a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a. Smith came.", 2 },
	};
	size_t c, at;

	(void)state;
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		for (at = 0; at < 40; at++) {
			char s[256];
			struct text *text;
			struct unit_list list;
			size_t k, n = 0;

			for (k = 0; k < at; k++)
				s[n++] = k % 6 == 5 ? ' ' : (char)('a' + k % 26);
			if (n > 0)
				s[n - 1] = ' ';
			n += (size_t)sprintf(s + n, "%s", cases[c].text);
			text = fixture_text("stop.txt", s);
			segment_text(text, SEGMENT_SENTENCE, &list);
			if (list.count != cases[c].units)
				fail_msg("[%s]: %zu units, wanted %zu", s, list.count, cases[c].units);
			segment_free(&list);
			text_free(text);
		}
}

/*
 * segment_text_hashed() cuts the units segment_text() cuts, and gives
 * units with the same bytes the same hash (a comparison finds the right
 * side's unchanged sentences by it).
 */
static void
segment_hashes_units_with_equal_bytes_equally(void **state)
{
	static const char s[] = "The cat sat. A dog ran! The cat sat. The cat sat down.\n\n"
		"A dog ran!\nThe cat sat.";
	struct text *text = fixture_text("hash.txt", s);
	struct unit_list plain, hashed;
	uint64_t *hash;
	size_t i, j;

	(void)state;
	segment_text(text, SEGMENT_SENTENCE, &plain);
	segment_text_hashed(text, SEGMENT_SENTENCE, &hashed, &hash);
	assert_int_equal(hashed.count, plain.count);
	assert_int_equal(hashed.count, 6);
	for (i = 0; i < plain.count; i++) {
		assert_int_equal(hashed.unit[i].offset, plain.unit[i].offset);
		assert_int_equal(hashed.unit[i].length, plain.unit[i].length);
		assert_int_equal(hashed.unit[i].paragraph, plain.unit[i].paragraph);
	}
	for (i = 0; i < hashed.count; i++)
		for (j = 0; j < hashed.count; j++) {
			const struct unit *a = &hashed.unit[i], *b = &hashed.unit[j];
			int same = a->length == b->length &&
				memcmp(s + a->offset, s + b->offset, a->length) == 0;

			/* equal bytes, equal hashes; these unequal ones differ too */
			assert_int_equal(hash[i] == hash[j], same);
		}
	free(hash);
	segment_free(&plain);
	segment_free(&hashed);
	text_free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(segment_splits_two_plain_sentences_at_full_stop),
		cmocka_unit_test(segment_splits_at_question_mark),
		cmocka_unit_test(segment_splits_at_exclamation_mark),
		cmocka_unit_test(segment_splits_after_combined_question_and_exclamation),
		cmocka_unit_test(segment_splits_sentences_separated_by_two_spaces_and_tabs),
		cmocka_unit_test(segment_splits_after_a_year_before_a_capital),
		cmocka_unit_test(segment_keeps_a_sentence_without_end_punctuation_whole),
		cmocka_unit_test(segment_keeps_a_lowercase_continuation_after_a_full_stop),
		cmocka_unit_test(segment_splits_after_an_attached_ellipsis_before_a_capital),
		cmocka_unit_test(segment_keeps_an_ellipsis_before_a_lowercase_word),
		cmocka_unit_test(segment_keeps_three_dots_inside_a_sentence),
		cmocka_unit_test(segment_keeps_a_spaced_ellipsis_before_a_proper_noun),
		cmocka_unit_test(segment_keeps_an_ellipsis_after_a_comma),
		cmocka_unit_test(segment_ends_a_paragraph_with_a_trailing_ellipsis),
		cmocka_unit_test(segment_keeps_mr_before_a_name),
		cmocka_unit_test(segment_keeps_mrs_and_ms_before_names),
		cmocka_unit_test(segment_keeps_dr_before_a_name),
		cmocka_unit_test(segment_keeps_st_before_a_place),
		cmocka_unit_test(segment_keeps_gen_sen_and_gov_before_names),
		cmocka_unit_test(segment_keeps_military_ranks_before_a_name),
		cmocka_unit_test(segment_keeps_prof_and_rev_before_names),
		cmocka_unit_test(segment_keeps_a_title_inside_brackets),
		cmocka_unit_test(segment_keeps_mr_at_the_end_of_a_wrapped_line),
		cmocka_unit_test(segment_keeps_eg_before_a_capital),
		cmocka_unit_test(segment_keeps_ie_before_a_capital),
		cmocka_unit_test(segment_keeps_vs_between_names),
		cmocka_unit_test(segment_keeps_etc_before_a_lowercase_word),
		cmocka_unit_test(segment_splits_after_etc_before_a_new_sentence),
		cmocka_unit_test(segment_keeps_no_before_a_number),
		cmocka_unit_test(segment_splits_after_the_word_no_before_a_capital),
		cmocka_unit_test(segment_keeps_a_month_abbreviation_before_a_day),
		cmocka_unit_test(segment_keeps_inc_before_a_noun),
		cmocka_unit_test(segment_splits_after_inc_before_a_sentence_opener),
		cmocka_unit_test(segment_keeps_jr_before_a_noun),
		cmocka_unit_test(segment_keeps_us_before_a_noun),
		cmocka_unit_test(segment_splits_after_us_before_a_sentence_opener),
		cmocka_unit_test(segment_keeps_uk_un_and_eu_before_nouns),
		cmocka_unit_test(segment_keeps_us_at_the_end_of_a_wrapped_line),
		cmocka_unit_test(segment_keeps_phd_before_a_noun),
		cmocka_unit_test(segment_keeps_two_initials_before_a_surname),
		cmocka_unit_test(segment_keeps_a_middle_initial),
		cmocka_unit_test(segment_splits_after_a_single_capital_before_a_sentence_opener),
		cmocka_unit_test(segment_keeps_decimals_and_percentages),
		cmocka_unit_test(segment_keeps_a_dotted_version),
		cmocka_unit_test(segment_keeps_pm_before_a_weekday),
		cmocka_unit_test(segment_keeps_am_before_a_lowercase_word),
		cmocka_unit_test(segment_splits_after_pm_before_a_sentence_opener),
		cmocka_unit_test(segment_keeps_a_list_number_at_the_start_of_a_line),
		cmocka_unit_test(segment_keeps_a_url_with_dots_and_a_query),
		cmocka_unit_test(segment_keeps_a_bare_domain),
		cmocka_unit_test(segment_keeps_an_email_address),
		cmocka_unit_test(segment_keeps_a_lowercase_dotted_name),
		cmocka_unit_test(segment_keeps_a_closing_quote_with_its_attribution),
		cmocka_unit_test(segment_keeps_a_closing_quote_after_the_full_stop),
		cmocka_unit_test(segment_keeps_a_question_in_quotes_with_its_attribution),
		cmocka_unit_test(segment_keeps_an_exclamation_in_quotes_with_its_attribution),
		cmocka_unit_test(segment_keeps_the_sentences_of_a_quotation_separate),
		cmocka_unit_test(segment_splits_before_an_opening_quote),
		cmocka_unit_test(segment_keeps_straight_quotes_with_the_sentence),
		cmocka_unit_test(segment_keeps_a_closing_bracket_with_the_sentence),
		cmocka_unit_test(segment_keeps_punctuation_after_a_quoted_exclamation),
		cmocka_unit_test(segment_keeps_a_stray_full_stop_with_its_sentence),
		cmocka_unit_test(segment_splits_japanese_at_ideographic_full_stops),
		cmocka_unit_test(segment_keeps_a_japanese_quotation_with_what_follows),
		cmocka_unit_test(segment_splits_chinese_after_a_closing_quote_before_an_opening_one),
		cmocka_unit_test(segment_keeps_german_low_high_quotes_with_the_attribution),
		cmocka_unit_test(segment_keeps_a_german_closing_quote_after_the_full_stop),
		cmocka_unit_test(segment_keeps_a_german_abbreviation),
		cmocka_unit_test(segment_keeps_a_spaced_french_closing_guillemet),
		cmocka_unit_test(segment_keeps_a_french_guillemet_after_a_narrow_space),
		cmocka_unit_test(segment_splits_spanish_inverted_questions_and_exclamations),
		cmocka_unit_test(segment_splits_before_an_accented_capital),
		cmocka_unit_test(segment_keeps_a_headline_line_apart_from_the_story),
		cmocka_unit_test(segment_keeps_a_byline_apart),
		cmocka_unit_test(segment_keeps_a_dateline_apart),
		cmocka_unit_test(segment_keeps_a_read_more_line_apart),
		cmocka_unit_test(segment_keeps_an_agency_credit_line_apart),
		cmocka_unit_test(segment_splits_an_agency_credit_on_the_same_line),
		cmocka_unit_test(segment_keeps_a_headline_paragraph_apart),
		cmocka_unit_test(segment_keeps_each_bullet_item_apart),
		cmocka_unit_test(segment_keeps_a_long_unwrapped_line_without_end_punctuation_apart),
		cmocka_unit_test(segment_keeps_hard_wrapped_prose_as_one_sentence),
		cmocka_unit_test(segment_keeps_a_wrapped_line_before_a_proper_noun),
		cmocka_unit_test(segment_keeps_a_word_hyphenated_across_lines),
		cmocka_unit_test(segment_keeps_a_line_ending_in_a_comma_with_the_next),
		cmocka_unit_test(segment_keeps_a_line_ending_in_and_with_the_next),
		cmocka_unit_test(segment_keeps_a_line_ending_in_a_colon_with_the_next),
		cmocka_unit_test(segment_keeps_crlf_wrapped_prose_as_one_sentence),
		cmocka_unit_test(segment_keeps_a_balanced_wrap_inside_a_quoted_title),
		cmocka_unit_test(segment_keeps_a_wrapped_title_case_name_inside_a_sentence),
		cmocka_unit_test(segment_splits_after_a_number_wrapped_to_the_start_of_a_line),
		cmocka_unit_test(segment_keeps_a_dash_wrapped_to_the_start_of_a_line),
		cmocka_unit_test(segment_keeps_a_wrapped_amount_with_its_sentence),
		cmocka_unit_test(segment_keeps_a_wrapped_dateline_lede_whole),
		cmocka_unit_test(segment_keeps_a_line_before_a_deeper_indent_apart),
		cmocka_unit_test(segment_keeps_a_lone_opener_word_with_the_next_line),
		cmocka_unit_test(segment_keeps_a_quotation_open_across_lines),
		cmocka_unit_test(segment_keeps_a_bullet_glyph_item_apart_without_a_colon),
		cmocka_unit_test(segment_splits_two_sentences_missing_a_space),
		cmocka_unit_test(segment_keeps_a_dotted_name_after_a_capitalised_word),
		cmocka_unit_test(segment_splits_after_a_number_missing_a_space),
		cmocka_unit_test(segment_keeps_control_characters_inside_the_sentence),
		cmocka_unit_test(segment_trims_surrounding_no_break_spaces),
		cmocka_unit_test(segment_ends_a_sentence_at_a_blank_line_without_punctuation),
		cmocka_unit_test(segment_yields_no_units_for_an_empty_text),
		cmocka_unit_test(segment_yields_no_units_for_blank_lines_only),
		cmocka_unit_test(segment_makes_each_line_a_unit_in_line_mode),
		cmocka_unit_test(segment_makes_each_paragraph_a_unit_in_paragraph_mode),
		cmocka_unit_test(segment_numbers_paragraphs_across_blank_lines),
		cmocka_unit_test(segment_separates_paragraphs_with_crlf_and_cr_blank_lines),
		cmocka_unit_test(segment_counts_offsets_from_the_start_of_the_file_past_a_bom),
		cmocka_unit_test(segment_names_the_three_unit_kinds),
		cmocka_unit_test(segment_frees_a_zeroed_list_without_harm),
		cmocka_unit_test(segment_segments_a_wire_story_as_a_reader_would),
		cmocka_unit_test(segment_keeps_its_invariants_on_random_texts),
		cmocka_unit_test(segment_keeps_its_invariants_on_mutated_texts),
		cmocka_unit_test(segment_keeps_its_invariants_on_long_degenerate_lines),
		cmocka_unit_test(segment_cuts_a_million_one_word_sentences),
		cmocka_unit_test(segment_reads_ascii_as_libunistring_does),
		cmocka_unit_test(segment_hashes_units_with_equal_bytes_equally),
		cmocka_unit_test(segment_finds_what_ends_a_sentence_at_every_place_of_a_long_line),
		cmocka_unit_test(segment_reads_the_words_around_a_stop_at_every_place_of_a_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
