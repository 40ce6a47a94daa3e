" .si files are sicalc indicator catalogues. Vim's own filetype.vim calls
" *.si CUPL simulation (cuplsim); `set filetype` overrules it.
autocmd BufNewFile,BufRead *.si set filetype=si
