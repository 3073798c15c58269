show zzz
