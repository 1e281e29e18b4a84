package io.sigillum.gateway.issuance.verification;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Set;

/**
 * The public holidays of Poland (the Act of 18 January 1951 on public holidays, as amended): consultants do not take
 * calls on them. Christmas Eve is one from 2025.
 */
final class PolishPublicHolidays {

    private static final Set<MonthDay> FIXED = Set.of(MonthDay.of(1, 1), MonthDay.of(1, 6), MonthDay.of(5, 1),
            MonthDay.of(5, 3), MonthDay.of(8, 15), MonthDay.of(11, 1), MonthDay.of(11, 11), MonthDay.of(12, 25),
            MonthDay.of(12, 26));
    private static final MonthDay CHRISTMAS_EVE = MonthDay.of(12, 24);
    private static final int CHRISTMAS_EVE_SINCE = 2025;

    private PolishPublicHolidays() {
    }

    static boolean isHoliday(LocalDate day) {
        MonthDay monthDay = MonthDay.from(day);
        if (FIXED.contains(monthDay) || monthDay.equals(CHRISTMAS_EVE) && day.getYear() >= CHRISTMAS_EVE_SINCE) {
            return true;
        }
        LocalDate easter = easterSunday(day.getYear());
        // Easter Sunday and Monday, Pentecost (the 50th day), Corpus Christi (the 60th day after Easter)
        return day.equals(easter) || day.equals(easter.plusDays(1)) || day.equals(easter.plusDays(49))
                || day.equals(easter.plusDays(60));
    }

    /** Western (Gregorian) Easter Sunday: the anonymous Gregorian computus (Meeus, Jones, Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int dayOfMonth = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, dayOfMonth);
    }
}
