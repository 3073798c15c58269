history -r base:head
