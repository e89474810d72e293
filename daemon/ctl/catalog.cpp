#include "daemon/ctl/catalog.h"

#include <algorithm>

namespace lanecast::ctl {
namespace {

// Ordinary German shelf prices. Skus are EAN-13s with valid check digits ("21..." for goods
// weighed or baked in the store); "4008400401621" and "BREZEL" are the skus the example
// rules' offers name.
constexpr Product kCatalog[] = {
    {101, "Coca-Cola 0,5 l", "Getränke", "5449000017888", "A", 149, 540, 9},
    {102, "Fritz-Kola 0,33 l", "Getränke", "4260107220015", "A", 189, 350, 4},
    {103, "Volvic Naturelle 0,5 l", "Getränke", "3057640186158", "A", 109, 520, 6},
    {104, "Red Bull 0,25 l", "Getränke", "9002490100070", "A", 169, 270, 5},
    {105, "Club-Mate 0,5 l", "Getränke", "4029764001807", "A", 179, 520, 4},
    {106, "Gerolsteiner Sprudel 0,75 l", "Getränke", "4001513007704", "A", 99, 790, 3},
    {201, "Augustiner Lagerbier Hell 0,5 l", "Bier", "4105250022003", "A", 129, 860, 5},
    {202, "Beck's Pils 0,33 l", "Bier", "4100130013355", "A", 119, 560, 3},
    {203, "Erdinger Weißbier 0,5 l", "Bier", "4002103248576", "A", 139, 860, 3},
    {301, "Brezel", "Backwaren", "BREZEL", "B", 79, 90, 7},
    {302, "Butter-Croissant", "Backwaren", "2100000003020", "B", 99, 60, 5},
    {303, "Roggenbrötchen", "Backwaren", "2100000003037", "B", 45, 60, 4},
    {304, "Vollkornbrot 500 g", "Backwaren", "4009249001652", "B", 249, 500, 2},
    {401, "Bananen, Stück", "Obst & Gemüse", "2100000004010", "B", 35, 180, 6},
    {402, "Äpfel Elstar 1 kg", "Obst & Gemüse", "4311501440407", "B", 249, 1000, 2},
    {403, "Salatgurke", "Obst & Gemüse", "2100000004034", "B", 79, 400, 3},
    {404, "Cherrytomaten 250 g", "Obst & Gemüse", "4316268500203", "B", 179, 250, 3},
    {501, "Weihenstephan Frische Vollmilch 1 l", "Milchprodukte", "4008452011007", "B", 149, 1030, 4},
    {502, "Müller Milchreis Klassik 200 g", "Milchprodukte", "4025500180133", "B", 79, 200, 4},
    {503, "Ehrmann Almighurt Kirsche 150 g", "Milchprodukte", "4002334113056", "B", 59, 150, 3},
    {504, "Gouda jung 400 g", "Milchprodukte", "4316268396592", "B", 299, 400, 2},
    {601, "Corny Müsliriegel Schoko", "Lebensmittel", "4008400401621", "B", 59, 25, 5},
    {602, "Haribo Goldbären 175 g", "Lebensmittel", "4001686301555", "B", 129, 175, 5},
    {603, "Ritter Sport Alpenmilch 100 g", "Lebensmittel", "4000417025005", "B", 149, 100, 4},
    {701, "Tempo Taschentücher 10 Stück", "Drogerie", "4006540080010", "A", 99, 60, 2},
    {702, "Labello Classic Care", "Drogerie", "4005808850044", "A", 249, 10, 1},
    {801, "Marlboro Gold 20 Stück", "Tabak", "4040600117100", "A", 860, 25, 1},
};

}  // namespace

std::span<const Product> store_catalog() { return kCatalog; }

int ean13_check_digit(std::string_view twelve_digits) {
  int sum = 0;
  for (std::size_t i = 0; i < twelve_digits.size(); ++i) {
    const int digit = twelve_digits[i] - '0';
    sum += i % 2 == 0 ? digit : 3 * digit;
  }
  return (10 - sum % 10) % 10;
}

std::string barcode_of(const Product& product) {
  const bool is_ean = product.sku.size() == 13 &&
                      std::all_of(product.sku.begin(), product.sku.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (is_ean) return std::string(product.sku);
  std::string digits = std::to_string(product.product_id);
  digits = "21" + std::string(10 - digits.size(), '0') + digits;
  return digits + std::to_string(ean13_check_digit(digits));
}

}  // namespace lanecast::ctl
