/*
 * Reference for the ThiDua YAML benchmark: the system libyaml's own document
 * loader, with nothing on top.
 *
 * Reads FILE into memory once, then N times: yaml_parser_initialize,
 * yaml_parser_set_input_string, yaml_parser_load (document API: builds the
 * whole node graph), yaml_document_delete, yaml_parser_delete. Each iteration
 * is timed with clock_gettime(CLOCK_MONOTONIC). Prints one line:
 *
 *   libyaml best_ms=... median_ms=... peak_rss_kb=... nodes=... bytes=... iterations=N
 *
 * Build: gcc -O2 -Wall -Wextra -o load load.c -lyaml
 * Usage: load FILE [ITERATIONS]   (default 5)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <yaml.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static unsigned char *read_file(const char *path, size_t *size) {
    FILE *file = fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "load: cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t capacity = 1 << 20, length = 0;
    unsigned char *buffer = malloc(capacity);
    while (buffer) {
        size_t got = fread(buffer + length, 1, capacity - length, file);
        length += got;
        if (length < capacity) break;
        capacity *= 2;
        unsigned char *grown = realloc(buffer, capacity);
        if (!grown) { free(buffer); buffer = NULL; }
        else buffer = grown;
    }
    if (!buffer) fprintf(stderr, "load: out of memory reading %s\n", path);
    else if (ferror(file)) {
        fprintf(stderr, "load: cannot read %s\n", path);
        free(buffer);
        buffer = NULL;
    }
    fclose(file);
    *size = length;
    return buffer;
}

/* Loads one document; returns its node count, or -1 on error. */
static long load_once(const unsigned char *input, size_t size) {
    yaml_parser_t parser;
    yaml_document_t document;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "load: yaml_parser_initialize failed\n");
        return -1;
    }
    yaml_parser_set_input_string(&parser, input, size);
    if (!yaml_parser_load(&parser, &document)) {
        fprintf(stderr, "load: %s at line %lu column %lu\n",
                parser.problem ? parser.problem : "parse error",
                (unsigned long)parser.problem_mark.line + 1,
                (unsigned long)parser.problem_mark.column + 1);
        yaml_parser_delete(&parser);
        return -1;
    }
    long nodes = (long)(document.nodes.top - document.nodes.start);
    yaml_document_delete(&document);
    yaml_parser_delete(&parser);
    return nodes;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s FILE [ITERATIONS]\n", argv[0]);
        return 2;
    }
    long iterations = 5;
    if (argc == 3) {
        char *end = NULL;
        iterations = strtol(argv[2], &end, 10);
        if (!end || *end != '\0' || iterations < 1 || iterations > 100000) {
            fprintf(stderr, "load: ITERATIONS must be a positive integer\n");
            return 2;
        }
    }

    size_t size = 0;
    unsigned char *input = read_file(argv[1], &size);
    if (!input) return 1;

    double *times = malloc(sizeof(double) * (size_t)iterations);
    if (!times) { free(input); return 1; }
    long nodes = 0;
    for (long i = 0; i < iterations; i++) {
        double start = now_ms();
        nodes = load_once(input, size);
        times[i] = now_ms() - start;
        if (nodes < 0) { free(times); free(input); return 1; }
    }

    qsort(times, (size_t)iterations, sizeof(double), compare_doubles);
    double median = (iterations % 2)
        ? times[iterations / 2]
        : (times[iterations / 2 - 1] + times[iterations / 2]) / 2.0;

    struct rusage usage;
    long peak_kb = 0;
    if (getrusage(RUSAGE_SELF, &usage) == 0) peak_kb = usage.ru_maxrss; /* KiB on Linux */

    printf("libyaml best_ms=%.2f median_ms=%.2f peak_rss_kb=%ld nodes=%ld bytes=%zu iterations=%ld\n",
           times[0], median, peak_kb, nodes, size, iterations);
    free(times);
    free(input);
    return 0;
}
