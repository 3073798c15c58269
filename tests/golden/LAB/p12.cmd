downgrade --sql s002:shopping@-1
