//! Time of day, for the documentation's `Time` type.

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

#[cfg(test)]
mod tests {
    use super::*;

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
