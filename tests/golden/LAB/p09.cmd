upgrade --sql base:shopping@s002
