#pragma once
// The price at which a market's stock meets its buyers' demand. A household asks for what it
// wants (to restock) as far as its cash goes: min(wanted, cash / price). Sellers never go below
// what the stock cost them (the floor); above it the price rises until what is asked no longer
// exceeds the stock, with no ceiling but the buyers' cash.
//
// One pass over the households bins each by the price at which its cash starts to bind
// (cash / wanted), in kBinsPerOctave bins per doubling above the floor. Demand at a price is then
// exact at the bins' edges, and between two edges it is bounded above by each bin's own bound, so
// the price found never sells more than the stock (the unsold rest is within a bin's width).
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

namespace siege {

class DemandCurve {
 public:
  static constexpr int kBinsPerOctave = 8;
  static constexpr int kBins = 16 * kBinsPerOctave;  ///< edges up to 2^16 times the floor; the top bin is open

  /// Adds a buyer who wants `wanted` and holds `cash`, with the price `floor` below which sellers do not sell.
  void add(double wanted, double cash, double floor) {
    if (!(wanted > 0.0)) return;
    const double binds_at = cash / wanted;
    if (binds_at < floor) {
      cash_bound_below_ += cash;
      return;
    }
    const int bin = bin_of(binds_at / floor);
    wanted_[static_cast<std::size_t>(bin)] += wanted;
    cash_[static_cast<std::size_t>(bin)] += cash;
  }
  void add(const DemandCurve& other) {
    cash_bound_below_ += other.cash_bound_below_;
    for (std::size_t k = 0; k < wanted_.size(); ++k) {
      wanted_[k] += other.wanted_[k];
      cash_[k] += other.cash_[k];
    }
  }

  /// What buyers ask for at the floor price itself.
  double asked_at_floor(double floor) const {
    double wanted = 0.0;
    for (const double w : wanted_) wanted += w;
    return wanted + cash_bound_below_ / floor;
  }

  /// The lowest price, at or above `floor`, at which what buyers ask is at most `stock`. With no
  /// stock it is the price at which the keenest buyer stops asking (the floor if nobody asks).
  double clearing_price(double stock, double floor) const {
    // Demand at edge e: the wanted of every bin from e up, and the cash of every bin below e / price.
    std::array<double, kBins + 1> wanted_from{};
    for (int k = kBins - 1; k >= 0; --k) {
      const auto i = static_cast<std::size_t>(k);
      wanted_from[i] = wanted_from[i + 1] + wanted_[i];
    }
    const auto demand_at_edge = [&](int edge, double cash_below) {
      return wanted_from[static_cast<std::size_t>(edge)] + cash_below / edge_price(edge, floor);
    };
    double cash_below = cash_bound_below_;
    if (demand_at_edge(0, cash_below) <= stock) return floor;
    if (!(stock > 0.0)) {
      int top = kBins - 1;
      while (top > 0 && wanted_[static_cast<std::size_t>(top)] <= 0.0) --top;
      return edge_price(top + 1, floor);
    }
    // The bin whose lower edge still asks more than the stock and whose upper edge does not.
    int bin = 0;
    while (bin + 1 < kBins && demand_at_edge(bin + 1, cash_below + cash_[static_cast<std::size_t>(bin)]) > stock) {
      cash_below += cash_[static_cast<std::size_t>(bin)];
      ++bin;
    }
    const double wanted_above = wanted_from[static_cast<std::size_t>(bin) + 1];
    const double bin_wanted = wanted_[static_cast<std::size_t>(bin)], bin_cash = cash_[static_cast<std::size_t>(bin)];
    // An upper bound of demand within the bin: each buyer in it asks at most min(wanted, cash / price).
    const auto bound = [&](double price) {
      return wanted_above + cash_below / price + std::min(bin_wanted, bin_cash / price);
    };
    double low = edge_price(bin, floor);
    double high = bin + 1 < kBins ? edge_price(bin + 1, floor) : std::max(low, (cash_below + bin_cash) / stock);
    for (int i = 0; i < 64 && high > low * (1.0 + 1e-12); ++i) {
      const double mid = 0.5 * (low + high);
      (bound(mid) > stock ? low : high) = mid;
    }
    return high;
  }

  /// floor(8 log2(ratio)) for a ratio of at least 1, capped at the top bin: the doubling from the
  /// exponent's bits, the eighth within it by comparison (a log2 per buyer cost more).
  static int bin_of(double ratio) {
    static constexpr std::array<double, kBinsPerOctave - 1> kEighths = {
        1.0905077326652577, 1.189207115002721, 1.2968395546510096, 1.4142135623730951,
        1.5422108254079407, 1.681792830507429, 1.8340080864093424};  // 2^(k/8), k = 1..7
    const auto bits = std::bit_cast<std::uint64_t>(ratio);
    const int octave = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
    if (octave >= kBins / kBinsPerOctave) return kBins - 1;  // also infinity
    const double mantissa = std::bit_cast<double>((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
    int eighth = 0;
    for (const double edge : kEighths) eighth += mantissa >= edge;
    return std::min(kBins - 1, octave * kBinsPerOctave + eighth);
  }

  static double edge_price(int edge, double floor) {
    return floor * std::exp2(static_cast<double>(edge) / kBinsPerOctave);
  }

 private:
  double cash_bound_below_ = 0.0;  ///< cash of buyers whose cash binds even at the floor
  std::array<double, kBins> wanted_{};
  std::array<double, kBins> cash_{};
};

}  // namespace siege
