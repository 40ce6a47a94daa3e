" Vim syntax file
" Language:    sicalc indicator catalogues (.si)
" Maintainer:  the sicalc project (editors/README.md)
" The keyword lists follow docs/LANGUAGE.md: reserved words everywhere,
" clause words only where a clause starts (at the start of a line's text;
" elsewhere they are ordinary names, e.g. a column called `value`).

if exists("b:current_syntax")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match

" Comments run from # to the end of the line.
syn keyword siTodo     contained TODO FIXME XXX NOTE
syn match   siComment  "#.*$" contains=siTodo,@Spell

" Strings with C escapes: \n \t \r \\ \" \xHH \u{H...}.
syn match   siEscape   contained +\\\([ntr\\"]\|x\x\x\|u{\x\{1,6}}\)+
syn match   siBadEscape contained +\\[^ntr\\"xu]+
syn region  siString   start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline contains=siEscape,siBadEscape,@Spell

" A column whose header is not a word: `Broj stanovnika`.
syn region  siBacktick start=+`+ end=+`+ end=+$+ oneline

" Numbers: 12, 0.6, 1e6, 2.5E-3.
syn match   siNumber   "\<\d\+\(\.\d\+\)\=\([eE][+-]\=\d\+\)\=\>"

" Reserved words.
syn keyword siDeclare  use const let fn dataset indicator
syn keyword siOperator and or not in is
syn keyword siConditional if then else
syn keyword siBoolean  true false
syn keyword siSpecial  missing where weighted by when per

" Clause words, where a clause starts; title@sr, definition@sr, note@sr.
syn match   siClause   "^\s*\zs\(title\|domain\|definition\|unit\|numerator\|denominator\|value\|better\|thresholds\|target\|suppress\|source\|periodicity\|note\|period\|weight\|column\|from\|ci\|se\|design\|policy\|low_count\|decimals\|across\|scale\|combine\)\>"
syn match   siClause   "\<\(title\|definition\|note\)@[A-Za-z][A-Za-z_-]*"
syn match   siClause   "[{;]\s*\zs\(title\|domain\|definition\|unit\|numerator\|denominator\|value\|better\|thresholds\|target\|suppress\|source\|periodicity\|note\|period\|weight\|column\|from\|ci\|se\|low_count\|decimals\)\>"

" Declared names: indicator unemployment_rate, let working_age, ...
syn match   siDeclName "\(\<\(indicator\|dataset\|let\|const\|fn\)\s\+\)\@<=[A-Za-z_][A-Za-z0-9_]*"
" domain labour { ... }: a declaration only where a brace follows (the
" clause `domain labour` inside an indicator names one).
syn match   siDeclName "\(^\s*domain\s\+\)\@<=[A-Za-z_][A-Za-z0-9_]*\ze\s*{"
" index sdi { ... } and its areas: area economy weight 1 { ... }.
syn match   siDeclare  "^\s*\zs\(index\|area\)\ze\s\+[A-Za-z_][A-Za-z0-9_]*\s*\(weight\|{\)"
syn match   siDeclName "\(^\s*\(index\|area\)\s\+\)\@<=[A-Za-z_][A-Za-z0-9_]*\ze\s*\(weight\|{\)"

" Builtin aggregates and functions.
syn keyword siFunction count sum mean median quantile min max share distinct gini qsr arpt arpr poormed rmpg overall
syn keyword siFunction coalesce band abs floor ceil sqrt log exp round pow dsr isr

hi def link siComment     Comment
hi def link siTodo        Todo
hi def link siString      String
hi def link siEscape      SpecialChar
hi def link siBadEscape   Error
hi def link siBacktick    Identifier
hi def link siNumber      Number
hi def link siDeclare     Statement
hi def link siOperator    Operator
hi def link siConditional Conditional
hi def link siBoolean     Boolean
hi def link siSpecial     Keyword
hi def link siClause      Type
hi def link siDeclName    Function
hi def link siFunction    Function

let b:current_syntax = "si"

let &cpo = s:cpo_save
unlet s:cpo_save
