upgrade --sql ae10:head
