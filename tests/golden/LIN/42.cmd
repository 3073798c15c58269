history -r ae10f:
