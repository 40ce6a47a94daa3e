fmt design_se.si
