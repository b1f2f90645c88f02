//! Dates with times and times of day, read leniently: servers send these in several forms
//! (ASP.NET writes `DateTime` values with or without a UTC offset depending on their kind).

use std::fmt;

/// A time of day.
///
/// Decodes `HH:MM`, `HH:MM:SS` and `HH:MM:SS.fff`, each with or without a trailing `Z` or UTC
/// offset (RFC 3339 `full-time`, the OpenAPI `time` format; the offset is not kept, since the
/// documentation describes a wall-clock time). Encodes `HH:MM:SS`, with the fraction when it
/// is not zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(pub chrono::NaiveTime);

impl TimeOfDay {
    /// Parses the forms listed on the type.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let t = t.strip_suffix(['Z', 'z']).unwrap_or(t);
        let t = match t.get(5..).and_then(|rest| rest.rfind(['+', '-'])) {
            Some(i) => &t[..i + 5],
            None => t,
        };
        ["%H:%M:%S%.f", "%H:%M"]
            .iter()
            .find_map(|f| chrono::NaiveTime::parse_from_str(t, f).ok())
            .map(TimeOfDay)
    }
}

impl From<chrono::NaiveTime> for TimeOfDay {
    fn from(t: chrono::NaiveTime) -> Self {
        TimeOfDay(t)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::Timelike;
        if self.0.nanosecond() == 0 {
            write!(f, "{}", self.0.format("%H:%M:%S"))
        } else {
            write!(f, "{}", self.0.format("%H:%M:%S%.f"))
        }
    }
}

impl serde::Serialize for TimeOfDay {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for TimeOfDay {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        TimeOfDay::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid time of day {text:?}")))
    }
}

/// A date and time, with the UTC offset when the server sends one.
///
/// Decodes RFC 3339 (`2025-05-20T10:21:27.3260116-07:00`, `2024-01-31T12:00:00Z`) and the
/// offset-less form .NET writes for unspecified kinds (`2025-05-20T10:21:27.3260116`, also
/// with a space instead of `T`). Encodes the same form it was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    /// Local date and time as sent.
    pub date_time: chrono::NaiveDateTime,
    /// The UTC offset, when known.
    pub offset: Option<chrono::FixedOffset>,
}

impl Timestamp {
    /// Parses the forms listed on the type.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
            return Some(dt.into());
        }
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
            .iter()
            .find_map(|f| chrono::NaiveDateTime::parse_from_str(t, f).ok())
            .map(Timestamp::from)
    }

    /// The instant, when the offset is known.
    pub fn to_fixed_offset(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let offset = self.offset?;
        self.date_time.and_local_timezone(offset).single()
    }
}

impl From<chrono::DateTime<chrono::FixedOffset>> for Timestamp {
    fn from(dt: chrono::DateTime<chrono::FixedOffset>) -> Self {
        Timestamp {
            date_time: dt.naive_local(),
            offset: Some(*dt.offset()),
        }
    }
}

impl From<chrono::DateTime<chrono::Utc>> for Timestamp {
    fn from(dt: chrono::DateTime<chrono::Utc>) -> Self {
        Timestamp::from(dt.fixed_offset())
    }
}

impl From<chrono::NaiveDateTime> for Timestamp {
    fn from(date_time: chrono::NaiveDateTime) -> Self {
        Timestamp {
            date_time,
            offset: None,
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_fixed_offset() {
            Some(dt) => f.write_str(&dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
            None => write!(f, "{}", self.date_time.format("%Y-%m-%dT%H:%M:%S%.f")),
        }
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        Timestamp::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid date-time {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_the_form_they_were_sent_in() {
        let with = Timestamp::parse("2025-05-20T10:21:27.3260116-07:00").unwrap();
        assert_eq!(with.offset, chrono::FixedOffset::west_opt(7 * 3600));
        assert_eq!(with.to_string(), "2025-05-20T10:21:27.326011600-07:00");
        let utc = Timestamp::parse("2024-01-31T12:00:00Z").unwrap();
        assert_eq!(utc.to_string(), "2024-01-31T12:00:00Z");
        let naive = Timestamp::parse("2025-05-20T10:21:27.3260116").unwrap();
        assert_eq!(naive.offset, None);
        assert_eq!(naive.to_fixed_offset(), None);
        assert_eq!(naive.to_string(), "2025-05-20T10:21:27.326011600");
        assert_eq!(Timestamp::parse("2025-05-20 10:21:27").unwrap().to_string(), "2025-05-20T10:21:27");
        assert_eq!(Timestamp::parse("yesterday"), None);
        let json: Timestamp = serde_json::from_str(r#""2024-01-31T10:00:00+01:00""#).unwrap();
        assert_eq!(serde_json::to_string(&json).unwrap(), r#""2024-01-31T10:00:00+01:00""#);
    }

    fn hms(h: u32, m: u32, s: u32) -> TimeOfDay {
        TimeOfDay(chrono::NaiveTime::from_hms_opt(h, m, s).unwrap())
    }

    #[test]
    fn lenient_on_input() {
        assert_eq!(TimeOfDay::parse("14:15:22"), Some(hms(14, 15, 22)));
        assert_eq!(TimeOfDay::parse("14:15"), Some(hms(14, 15, 0)));
        assert_eq!(TimeOfDay::parse("14:15:22Z"), Some(hms(14, 15, 22)));
        assert_eq!(TimeOfDay::parse("14:15:22+02:00"), Some(hms(14, 15, 22)));
        assert_eq!(TimeOfDay::parse("14:15:22-05:00"), Some(hms(14, 15, 22)));
        let frac = TimeOfDay::parse("08:00:00.5").unwrap();
        assert_eq!(frac.to_string(), "08:00:00.500");
        assert_eq!(TimeOfDay::parse("25:00"), None);
        assert_eq!(TimeOfDay::parse("noon"), None);
    }

    #[test]
    fn strict_on_output() {
        assert_eq!(serde_json::to_string(&hms(9, 5, 0)).unwrap(), r#""09:05:00""#);
        let back: TimeOfDay = serde_json::from_str(r#""09:05Z""#).unwrap();
        assert_eq!(back, hms(9, 5, 0));
        assert!(serde_json::from_str::<TimeOfDay>(r#""later""#).is_err());
    }
}
