upgrade --sql base:heads
