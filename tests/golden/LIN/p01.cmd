upgrade --sql base:head
