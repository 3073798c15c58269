upgrade --sql base:current
