/* gen.c — deterministic person-level microdata for `make bench`.
 *
 *   bench/gen ROWS [SEED] > people.csv
 *
 * Writes exactly ROWS person records (plus a header) of a synthetic survey
 * of Serbia: 145 municipalities and cities (UTF-8 names with diacritics), years
 * 2019-2023, persons grouped into households of 1-6 members that share
 * municipality, year, settlement and Roma ethnicity. The same ROWS and SEED
 * always give the same bytes (xoshiro256** seeded by splitmix64; no libc
 * randomness, no locale). Income is lognormal (Box-Muller), about 3% empty;
 * weights are 50.00-150.00.
 *
 * Columns: municipality,year,person_id,household_id,sex,age,settlement,
 * roma,disability,activity,long_term_unemployed,education,income,
 * social_assistance,child_allowance,weight
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- PRNG: xoshiro256** seeded with splitmix64 ---- */

static uint64_t s[4];

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t next(void)
{
    uint64_t r = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
}

/* uniform in [0, 1) with 53 bits */
static inline double unif(void)
{
    return (double)(next() >> 11) * 0x1.0p-53;
}

/* uniform integer in [0, n) (Lemire's multiply; bias < 2^-40 for our n) */
static inline uint32_t below(uint32_t n)
{
    return (uint32_t)(((next() >> 32) * (uint64_t)n) >> 32);
}

static inline int chance(double p)
{
    return unif() < p;
}

#define TWO_PI 6.283185307179586476925286766559

/* standard normal, Box-Muller (both values used) */
static double normal(void)
{
    static int have;
    static double spare;
    if (have) {
        have = 0;
        return spare;
    }
    double u1, u2;
    do
        u1 = unif();
    while (u1 <= 0.0);
    u2 = unif();
    double r = sqrt(-2.0 * log(u1));
    spare = r * sin(TWO_PI * u2);
    have = 1;
    return r * cos(TWO_PI * u2);
}

/* ---- municipalities ---- */

static const char *const MUNI[] = {
    /* the big cities first: they get the largest populations */
    "Beograd",
    "Novi Sad",
    "Niš",
    "Kragujevac",
    "Subotica",
    "Pančevo",
    "Leskovac",
    "Čačak",
    "Kruševac",
    "Kraljevo",
    "Novi Pazar",
    "Smederevo",
    "Šabac",
    "Valjevo",
    "Vranje",
    "Zrenjanin",
    "Sombor",
    "Užice",
    "Sremska Mitrovica",
    "Požarevac",
    "Jagodina",
    "Loznica",
    "Kikinda",
    "Vršac",
    "Zaječar",
    "Pirot",
    "Stara Pazova",
    "Inđija",
    "Ruma",
    "Bačka Palanka",
    "Paraćin",
    "Aleksinac",
    "Aranđelovac",
    "Bor",
    "Gornji Milanovac",
    "Prokuplje",
    "Trstenik",
    "Smederevska Palanka",
    "Vrbas",
    "Bečej",
    "Ćuprija",
    "Negotin",
    "Prijepolje",
    "Tutin",
    "Sjenica",
    "Bujanovac",
    "Preševo",
    "Ivanjica",
    "Požega",
    "Temerin",
    "Šid",
    "Apatin",
    "Kula",
    "Senta",
    "Kovin",
    "Vrnjačka Banja",
    "Velika Plana",
    "Bačka Topola",
    "Knjaževac",
    "Lebane",
    "Vlasotince",
    "Aleksandrovac",
    "Arilje",
    "Bajina Bašta",
    "Surdulica",
    "Svilajnac",
    "Despotovac",
    "Ub",
    "Lajkovac",
    "Ljig",
    "Mionica",
    "Osečina",
    "Koceljeva",
    "Vladimirci",
    "Bogatić",
    "Krupanj",
    "Ljubovija",
    "Mali Zvornik",
    "Kosjerić",
    "Čajetina",
    "Nova Varoš",
    "Priboj",
    "Raška",
    "Brus",
    "Blace",
    "Kuršumlija",
    "Žitorađa",
    "Doljevac",
    "Merošina",
    "Gadžin Han",
    "Svrljig",
    "Ražanj",
    "Sokobanja",
    "Boljevac",
    "Kladovo",
    "Majdanpek",
    "Kučevo",
    "Golubac",
    "Veliko Gradište",
    "Žabari",
    "Žagubica",
    "Malo Crniće",
    "Petrovac na Mlavi",
    "Batočina",
    "Lapovo",
    "Rača",
    "Knić",
    "Topola",
    "Rekovac",
    "Varvarin",
    "Ćićevac",
    "Lučani",
    "Babušnica",
    "Bela Palanka",
    "Dimitrovgrad",
    "Bosilegrad",
    "Trgovište",
    "Crna Trava",
    "Medveđa",
    "Bojnik",
    "Vladičin Han",
    "Ada",
    "Alibunar",
    "Bač",
    "Bački Petrovac",
    "Bela Crkva",
    "Beočin",
    "Žabalj",
    "Žitište",
    "Irig",
    "Kanjiža",
    "Kovačica",
    "Mali Iđoš",
    "Nova Crnja",
    "Novi Bečej",
    "Novi Kneževac",
    "Odžaci",
    "Opovo",
    "Pećinci",
    "Plandište",
    "Sečanj",
    "Srbobran",
    "Sremski Karlovci",
    "Titel",
    "Čoka",
};
#define NMUNI ((int)(sizeof MUNI / sizeof MUNI[0]))

static double muni_cum[NMUNI];   /* cumulative population share */
static double muni_rural[NMUNI]; /* share of households that are rural */
static double muni_roma[NMUNI];  /* share of Roma households */

static int pick_muni(void)
{
    double u = unif();
    int lo = 0, hi = NMUNI - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (u < muni_cum[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* ---- output buffer ---- */

#define OUT_CAP (1u << 22)
static char out[OUT_CAP + 512];
static size_t used;

static inline void flush_if_full(void)
{
    if (used >= OUT_CAP) {
        if (fwrite(out, 1, used, stdout) != used) {
            perror("gen: write");
            exit(1);
        }
        used = 0;
    }
}

static inline void put_str(const char *p)
{
    size_t n = strlen(p);
    memcpy(out + used, p, n);
    used += n;
}

static inline void put_ch(char c)
{
    out[used++] = c;
}

static inline void put_u(uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        out[used++] = tmp[--n];
}

/* a value in hundredths, as "123.45" */
static inline void put_cents(uint64_t c)
{
    put_u(c / 100);
    out[used++] = '.';
    out[used++] = (char)('0' + (c / 10) % 10);
    out[used++] = (char)('0' + c % 10);
}

/* ---- persons ---- */

static const char *ACT[] = {"employed", "unemployed", "inactive", "student",
                            "retired"};
enum { EMPLOYED, UNEMPLOYED, INACTIVE, STUDENT, RETIRED };
static const char *EDU[] = {"none", "primary", "secondary", "tertiary"};

static int draw_age(int role, int head_age)
{
    if (role == 0) /* household head: 18-100, skewed to middle age */
        for (;;) {
            int a = 18 + (int)fabs(normal() * 22.0 + 30.0);
            if (a <= 100)
                return a;
        }
    if (role == 1) { /* partner: near the head's age */
        int a = head_age + (int)(normal() * 4.0);
        return a < 18 ? 18 : a > 100 ? 100 : a;
    }
    /* other members: children mostly, sometimes a grandparent */
    if (chance(0.15)) {
        int a = head_age + 20 + (int)below(15);
        return a > 100 ? 100 : a;
    }
    int top = head_age - 16;
    if (top < 1)
        return (int)below(18);
    if (top > 30)
        top = 30;
    return (int)below((uint32_t)top + 1);
}

static int draw_activity(int age, int disability)
{
    double u = unif();
    if (age < 7)
        return INACTIVE;
    if (age < 15)
        return STUDENT;
    if (disability && age < 65 && chance(0.45))
        return INACTIVE;
    if (age < 25)
        return u < 0.50   ? STUDENT
               : u < 0.76 ? EMPLOYED
               : u < 0.87 ? UNEMPLOYED
                          : INACTIVE;
    if (age < 55)
        return u < 0.68   ? EMPLOYED
               : u < 0.78 ? UNEMPLOYED
               : u < 0.97 ? INACTIVE
                          : RETIRED;
    if (age < 65)
        return u < 0.45   ? EMPLOYED
               : u < 0.52 ? UNEMPLOYED
               : u < 0.70 ? INACTIVE
                          : RETIRED;
    return u < 0.04 ? EMPLOYED : u < 0.12 ? INACTIVE : RETIRED;
}

static int draw_education(int age, int roma)
{
    if (age < 7)
        return 0;
    if (age < 15)
        return 1;
    double u = unif();
    if (roma)
        return u < 0.15 ? 0 : u < 0.70 ? 1 : u < 0.97 ? 2 : 3;
    if (age < 19)
        return u < 0.55 ? 1 : 2;
    if (age < 23)
        return u < 0.05 ? 1 : u < 0.90 ? 2 : 3;
    double old = age >= 65 ? 0.15 : 0.0;
    return u < 0.01 + old / 3 ? 0 : u < 0.14 + old ? 1 : u < 0.72 ? 2 : 3;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: gen ROWS [SEED] > people.csv\n");
        return 2;
    }
    char *end;
    unsigned long long rows = strtoull(argv[1], &end, 10);
    if (*end || !rows) {
        fprintf(stderr, "gen: ROWS must be a positive integer\n");
        return 2;
    }
    uint64_t seed = argc == 3 ? strtoull(argv[2], NULL, 10) : 20240605ULL;
    for (int i = 0; i < 4; i++)
        s[i] = splitmix64(&seed);

    /* populations: Zipf-like over the list order; per-municipality rural
     * and Roma shares from the PRNG (so they too are deterministic) */
    double tot = 0;
    for (int i = 0; i < NMUNI; i++) {
        muni_cum[i] = 1.0 / pow(i + 2.0, 0.9);
        tot += muni_cum[i];
        muni_rural[i] = i < 4 ? 0.05 + 0.1 * unif() : 0.2 + 0.6 * unif();
        muni_roma[i] = 0.005 + 0.06 * unif() * unif();
    }
    double acc = 0;
    for (int i = 0; i < NMUNI; i++) {
        acc += muni_cum[i] / tot;
        muni_cum[i] = acc;
    }
    muni_cum[NMUNI - 1] = 1.0;

    put_str("municipality,year,person_id,household_id,sex,age,settlement,roma,"
            "disability,activity,long_term_unemployed,education,income,"
            "social_assistance,child_allowance,weight\n");

    static const int HH_SIZE_CUM[6] = {22, 47, 65, 85, 95, 100}; /* percent */
    unsigned long long person = 0, household = 0;
    while (person < rows) {
        household++;
        int m = pick_muni();
        int year = 2019 + (int)below(5);
        int rural = chance(muni_rural[m]);
        int roma = chance(muni_roma[m]);
        int k = (int)below(100), size = 1;
        while (k >= HH_SIZE_CUM[size - 1])
            size++;
        if (roma && size < 6 && chance(0.5))
            size++;
        int poor = chance(roma ? 0.35 : rural ? 0.10 : 0.06);
        int head_age = 0;
        for (int r = 0; r < size && person < rows; r++) {
            person++;
            int age = draw_age(r < 2 ? r : 2, head_age);
            if (r == 0)
                head_age = age;
            int sex = r == 1 ? 'F' : chance(0.51) ? 'F' : 'M';
            if (r == 0 && size > 1 && chance(0.6))
                sex = 'M';
            int disability = chance(age < 18 ? 0.02 : age < 65 ? 0.06 : 0.18);
            int act = draw_activity(age, disability);
            int ltu = act == UNEMPLOYED && chance(roma ? 0.75 : 0.55);
            int edu = draw_education(age, roma);
            int social = chance(poor ? 0.45 : 0.02);
            int child = age < 19 && chance(poor ? 0.8 : 0.25);

            put_str(MUNI[m]);
            put_ch(',');
            put_u((uint64_t)year);
            put_ch(',');
            put_u(person);
            put_ch(',');
            put_u(household);
            put_ch(',');
            put_ch((char)sex);
            put_ch(',');
            put_u((uint64_t)age);
            put_str(rural ? ",rural," : ",urban,");
            put_ch(roma ? '1' : '0');
            put_ch(',');
            put_ch(disability ? '1' : '0');
            put_ch(',');
            put_str(ACT[act]);
            put_ch(',');
            put_ch(ltu ? '1' : '0');
            put_ch(',');
            put_str(EDU[edu]);
            put_ch(',');
            /* personal income, RSD per month: lognormal by activity */
            double mu = act == EMPLOYED     ? 11.0
                        : act == RETIRED    ? 10.5
                        : act == UNEMPLOYED ? 10.0
                                            : 9.9;
            mu += edu == 3 ? 0.35 : edu == 0 ? -0.3 : 0.0;
            mu -= poor ? 0.6 : 0.0;
            double z = normal();
            if (!chance(0.03)) {
                double inc = exp(mu + 0.65 * z);
                put_cents((uint64_t)llround(inc * 100.0));
            }
            put_ch(',');
            put_ch(social ? '1' : '0');
            put_ch(',');
            put_ch(child ? '1' : '0');
            put_ch(',');
            put_cents(5000 + below(10001)); /* 50.00 .. 150.00 */
            put_ch('\n');
            flush_if_full();
        }
    }
    if (used && fwrite(out, 1, used, stdout) != used) {
        perror("gen: write");
        return 1;
    }
    if (fflush(stdout) != 0) {
        perror("gen: write");
        return 1;
    }
    return 0;
}
