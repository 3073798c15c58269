show yl
