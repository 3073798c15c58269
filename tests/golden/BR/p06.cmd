upgrade --sql base:+2
