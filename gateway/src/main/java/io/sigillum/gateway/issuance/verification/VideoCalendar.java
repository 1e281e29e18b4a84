package io.sigillum.gateway.issuance.verification;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The consultants' calendar: working days (Monday to Friday, Poland's public holidays excepted) 08:00–17:40 local time
 * in 20-minute slots, the last one starting at 17:20.
 */
public final class VideoCalendar {

    static final LocalTime OPENS = LocalTime.of(8, 0);
    static final LocalTime CLOSES = LocalTime.of(17, 40);
    static final int SLOT_MINUTES = 20;

    private VideoCalendar() {
    }

    public static List<ZonedDateTime> slots(LocalDate day, ZoneId zone) {
        List<ZonedDateTime> slots = new ArrayList<>();
        if (!isWorkingDay(day)) {
            return slots;
        }
        for (LocalTime start = OPENS; !start.plusMinutes(SLOT_MINUTES).isAfter(CLOSES); start = start.plusMinutes(SLOT_MINUTES)) {
            slots.add(day.atTime(start).atZone(zone));
        }
        return slots;
    }

    /** Whether {@code start} is the beginning of a slot of the calendar. */
    public static boolean isSlot(ZonedDateTime start, ZoneId zone) {
        ZonedDateTime local = start.withZoneSameInstant(zone);
        return slots(local.toLocalDate(), zone).contains(local);
    }

    static boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !PolishPublicHolidays.isHoliday(day);
    }
}
