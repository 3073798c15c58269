upgrade --sql base:xl@heads
