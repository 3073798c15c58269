show ae10f
