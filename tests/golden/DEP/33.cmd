show beta
