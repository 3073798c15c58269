upgrade --sql base:+3
