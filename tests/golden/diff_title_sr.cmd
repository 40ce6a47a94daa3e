diff review/base.si review/title_sr.si
