downgrade --sql s002:shopping@base
