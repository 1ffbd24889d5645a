/* gen-pairs: write paraphrase-like article pairs for the benchmark.  (Stub.) */
#include <stdio.h>

int
main(void)
{
	return 0;
}
