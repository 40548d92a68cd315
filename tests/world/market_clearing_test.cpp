#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/rng.hpp"
#include "world/market_clearing.hpp"

namespace siege {
namespace {

struct Buyer {
  double wanted, cash;
};

double demand(const std::vector<Buyer>& buyers, double price) {
  double sum = 0.0;
  for (const Buyer& b : buyers) sum += std::min(b.wanted, b.cash / price);
  return sum;
}

DemandCurve curve_of(const std::vector<Buyer>& buyers, double floor) {
  DemandCurve curve;
  for (const Buyer& b : buyers) curve.add(b.wanted, b.cash, floor);
  return curve;
}

TEST(MarketClearing, PlentySellsAtWhatTheStockCost) {
  const std::vector<Buyer> buyers = {{10, 100}, {5, 1}, {3, 0}};
  EXPECT_DOUBLE_EQ(curve_of(buyers, 2.0).clearing_price(100.0, 2.0), 2.0);
}

TEST(MarketClearing, ScarcityRaisesThePriceUntilDemandMeetsTheStock) {
  // Two rich buyers want 10 each; with 10 in stock the price rises until their cash binds.
  const std::vector<Buyer> rich = {{10, 500}, {10, 500}};
  const double price = curve_of(rich, 1.0).clearing_price(10.0, 1.0);
  EXPECT_NEAR(price, 100.0, 1e-6);  // 1000 USD for 10 person-days
  EXPECT_LE(demand(rich, price), 10.0 * (1 + 1e-9));
}

TEST(MarketClearing, NoCeilingButTheBuyersCash) {
  // Far beyond the old 25x cap, and beyond the top bin: still cleared by cash.
  const std::vector<Buyer> buyers = {{10, 1e7}};
  const double price = curve_of(buyers, 1.0).clearing_price(1.0, 1.0);
  EXPECT_NEAR(price, 1e7, 1.0);
}

TEST(MarketClearing, NeverSellsMoreThanTheStockAndLeavesLittle) {
  rng::Draws draws(rng::RunKey{7, 0}, rng::Stream::kSweepDesign, 0, 0);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<Buyer> buyers;
    const int n = 1 + static_cast<int>(draws.uniform() * 400);
    for (int i = 0; i < n; ++i) buyers.push_back({draws.uniform() * 40.0, draws.exponential(200.0)});
    const double floor = 0.5 + draws.uniform() * 3.0;
    double wanted = 0.0;
    for (const Buyer& b : buyers) wanted += b.wanted;
    const double stock = draws.uniform() * wanted;
    const double price = curve_of(buyers, floor).clearing_price(stock, floor);
    ASSERT_GE(price, floor);
    const double sold = demand(buyers, price);
    ASSERT_LE(sold, stock * (1 + 1e-9)) << "trial " << trial;
    if (price > floor) {
      // Within a bin's width: at a price one bin lower, buyers would ask for more than the stock.
      ASSERT_GT(demand(buyers, price / std::exp2(1.0 / DemandCurve::kBinsPerOctave)), stock) << "trial " << trial;
    }
  }
}

TEST(MarketClearing, AnEmptyMarketPricesAtTheKeenestBuyer) {
  const std::vector<Buyer> buyers = {{10, 40}, {10, 2}};
  const double price = curve_of(buyers, 1.0).clearing_price(0.0, 1.0);
  EXPECT_GE(demand(buyers, price) / 20.0, 0.0);
  EXPECT_GE(price, 4.0);  // the first buyer's cash binds at 4
  EXPECT_LE(price, 4.0 * std::exp2(1.0 / DemandCurve::kBinsPerOctave) * (1 + 1e-12));
  EXPECT_DOUBLE_EQ(DemandCurve{}.clearing_price(0.0, 1.5), 1.5);  // nobody asks: the floor
}

TEST(MarketClearing, BuyersAreBinnedByEighthsOfADoublingOfTheFloor) {
  // The bin is floor(8 log2(ratio)), found without a log: check it against std::log2 away from the
  // edges (where rounding may fall either way), at the edges themselves, and at the open top.
  rng::Draws draws(rng::RunKey{11, 0}, rng::Stream::kSweepDesign, 0, 0);
  for (int i = 0; i < 10000; ++i) {
    const double ratio = std::exp2(17.0 * draws.uniform());
    const double eighths = 8.0 * std::log2(ratio);
    if (std::abs(eighths - std::round(eighths)) < 1e-9) continue;
    EXPECT_EQ(DemandCurve::bin_of(ratio), std::min(DemandCurve::kBins - 1, static_cast<int>(eighths))) << ratio;
  }
  EXPECT_EQ(DemandCurve::bin_of(1.0), 0);
  EXPECT_EQ(DemandCurve::bin_of(2.0), 8);
  EXPECT_EQ(DemandCurve::bin_of(std::nextafter(2.0, 0.0)), 7);
  EXPECT_EQ(DemandCurve::bin_of(65536.0), DemandCurve::kBins - 1);
  EXPECT_EQ(DemandCurve::bin_of(std::numeric_limits<double>::infinity()), DemandCurve::kBins - 1);
}

}  // namespace
}  // namespace siege
