downgrade --sql abc:ae10f
