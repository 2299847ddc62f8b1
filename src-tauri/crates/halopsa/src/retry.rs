//! When to try a request again, and how long to wait first.

use std::time::Duration;

use rand::Rng;

/// How persistent the client is with requests that failed for passing reasons: a 429, a
/// dropped connection, a gateway error. Reads are always safe to repeat; writes only when
/// Halo provably never processed them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub attempts: u32,
    /// The first backoff after a dropped connection or a gateway error; each further one
    /// doubles, up to `max_backoff`.
    pub base_backoff: Duration,
    /// The first backoff after a 429 that did not say how long to wait. Longer than
    /// `base_backoff`: the tenant's window rolls over minutes, and every early retry spends
    /// budget the other integrations share.
    pub rate_limit_backoff: Duration,
    pub max_backoff: Duration,
    /// A 429 asking for a longer wait than this is handed back instead of waited out.
    pub max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 5,
            base_backoff: Duration::from_millis(500),
            rate_limit_backoff: Duration::from_secs(5),
            max_backoff: Duration::from_secs(60),
            max_rate_limit_wait: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0 for the first) after a failure.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        self.jittered(self.base_backoff, retry)
    }

    /// The wait before retry number `retry` after a 429 without `Retry-After`.
    pub(crate) fn backoff_after_429(&self, retry: u32) -> Duration {
        self.jittered(self.rate_limit_backoff, retry)
    }

    /// Exponential from `base`, with "equal jitter": half fixed, half random, so a crowd of
    /// clients does not retry in step.
    fn jittered(&self, base: Duration, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.min(16));
        let ceiling = base.saturating_mul(factor).min(self.max_backoff);
        let half = ceiling / 2;
        let jitter_ms = u64::try_from(half.as_millis()).unwrap_or(u64::MAX);
        half + Duration::from_millis(rand::rng().random_range(0..=jitter_ms))
    }

    pub(crate) fn may_retry(&self, attempt: u32) -> bool {
        attempt + 1 < self.attempts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_its_jitter_and_stops_at_the_cap() {
        let policy = RetryPolicy::default();
        for retry in 0..8 {
            let ceiling = (Duration::from_millis(500) * 2u32.pow(retry)).min(policy.max_backoff);
            let wait = policy.backoff(retry);
            assert!(wait >= ceiling / 2 && wait <= ceiling, "{retry}: {wait:?}");
        }
        assert!(policy.backoff(u32::MAX) <= policy.max_backoff);
        assert!(policy.backoff_after_429(0) >= Duration::from_millis(2_500));
    }

    #[test]
    fn attempts_count_the_first_try() {
        let policy = RetryPolicy {
            attempts: 3,
            ..RetryPolicy::default()
        };
        assert!(policy.may_retry(0) && policy.may_retry(1));
        assert!(!policy.may_retry(2));
    }
}
