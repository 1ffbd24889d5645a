/*
 * summary: the counts and reuse shares of a comparison (struct align_summary
 * in align.h), computed once after alignment for the header, --stat and JSON.
 *
 * Word shares count comparison tokens: a right-article token is verbatim when
 * it sits in an equal entry or in an equal word run of a change or move pair,
 * paraphrased when it sits in a changed word run of a pair, new when its unit
 * was inserted; left_used is the share of left tokens in equal entries or
 * equal word runs.
 */
#ifndef ARTCMP_SUMMARY_H
#define ARTCMP_SUMMARY_H

#include "align.h"

/* Fill cmp->summary from cmp's entries (words and flags already computed). */
void summary_compute(struct comparison *cmp);

#endif
