downgrade --sql abc:-2
