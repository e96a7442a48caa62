//! Money: yearly amounts in cents, printed one way in every output.

use serde::Serialize;

/// A yearly amount in cents, as a JSON number: an integer when every price
/// is a whole number of dollars (cli.md), else a decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Amount {
    pub cents: i64,
    pub whole: bool,
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.whole {
            s.serialize_i64(self.cents / 100)
        } else {
            s.serialize_f64(self.cents as f64 / 100.0)
        }
    }
}

impl std::fmt::Display for Amount {
    /// `$12,500` or `-$1,600.50`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.cents < 0 { "-" } else { "" };
        let abs = self.cents.unsigned_abs();
        let dollars = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, digit) in dollars.chars().enumerate() {
            if i > 0 && (dollars.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        if abs % 100 == 0 && self.whole {
            write!(f, "{sign}${grouped}")
        } else {
            write!(f, "{sign}${grouped}.{:02}", abs % 100)
        }
    }
}

impl super::Model {
    /// `cents` as this workspace prints money: whole dollars when every
    /// price is a whole number of dollars.
    pub(crate) fn amount(&self, cents: i64) -> Amount {
        Amount {
            cents,
            whole: self.prices.whole_dollars(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_like_money() {
        let a = |cents, whole| Amount { cents, whole }.to_string();
        assert_eq!(a(275_000, true), "$2,750");
        assert_eq!(a(123_456_700, true), "$1,234,567");
        assert_eq!(a(-160_050, false), "-$1,600.50");
        assert_eq!(a(0, true), "$0");
        assert_eq!(
            serde_json::to_string(&Amount {
                cents: 160_050,
                whole: false
            })
            .unwrap(),
            "1600.5"
        );
    }
}
