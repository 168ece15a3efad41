"""One place that describes every output column: title (id, en), unit, kind and description.

CSV and XLSX headers (:func:`header`), their number formats (the ``kind``), the JSON
metadata and the data dictionary of outputs are made from :data:`COLUMNS`; an analysis
that adds a column adds it here.
"""

from __future__ import annotations

__all__ = ["COLUMNS", "HEADER_UNITS", "KINDS", "header", "kind", "title"]

#: Column kinds: how a value is stored in a frame, written to CSV and formatted in XLSX.
#: ``pct`` holds a 0-1 share (CSV: percent, XLSX: ``0.00%``); ``pp`` holds percentage
#: points; ``idr`` rupiah; ``int`` a count; ``dec1``/``dec2``/``dec4`` decimals; ``year``
#: a year; ``text`` anything else; ``mixed`` takes its kind per row from the frame's
#: ``_kind``.
KINDS = ("text", "int", "dec1", "dec2", "dec4", "pct", "pp", "idr", "year", "mixed")

#: The unit a header carries after its title, per kind (id, en): ``Cakupan UCJ (%)``.
HEADER_UNITS = {"pct": ("%", "%"), "pp": ("poin persen", "pp"), "idr": ("Rp", "IDR")}

#: Every output column: title (id, en), unit, description and kind (one of
#: :data:`KINDS`). Used for CSV/XLSX headers and metadata sheets.
COLUMNS: dict[str, dict[str, str]] = {
    "kode": {"title": "Kode wilayah", "title_en": "Region code", "unit": "",
             "description": "Kode Kemendagri (Kepmendagri 300.2.2-2138/2025).",
             "kind": "text"},
    "nama": {"title": "Nama wilayah", "title_en": "Region name", "unit": "",
             "description": "Nama resmi dari gazeter wilayah.",
             "kind": "text"},
    "level": {"title": "Tingkat", "title_en": "Level", "unit": "",
              "description": "kabupaten, kecamatan atau desa.",
              "kind": "text"},
    "periode": {"title": "Periode", "title_en": "Period", "unit": "YYYY-MM",
                "description": "Bulan data kepesertaan (akhir bulan).",
                "kind": "text"},
    "segmen": {"title": "Segmen", "title_en": "Segment", "unit": "",
               "description": "PU, BPU, JAKON atau PMI (hanya bila by='segmen').",
               "kind": "text"},
    "pendanaan": {"title": "Pendanaan", "title_en": "Funding", "unit": "",
                  "description": "mandiri, APBD, APBDes atau lainnya (hanya bila by='pendanaan').",
                  "kind": "text"},
    "pekerja": {"title": "Penduduk bekerja", "title_en": "Employed persons", "unit": "orang",
                "description": "Penduduk bekerja (penyebut), tahun sesuai aturan di dataset.py.",
                "kind": "int"},
    "peserta_aktif": {"title": "Peserta aktif", "title_en": "Active participants",
                      "unit": "orang", "description": "Peserta aktif BPJS Ketenagakerjaan, "
                      "semua segmen (atau segmen/pendanaan baris ini).",
                      "kind": "int"},
    "cakupan": {"title": "Cakupan UCJ", "title_en": "UCJ coverage", "unit": "rasio 0-1",
                "description": "peserta_aktif / pekerja; kosong bila tidak ada data atau "
                "pekerja nol.",
                "kind": "pct"},
    "tidak_tercakup": {"title": "Pekerja belum tercakup", "title_en": "Uncovered workers",
                       "unit": "orang", "description": "max(0, pekerja - peserta_aktif).",
                       "kind": "int"},
    "gap_target": {"title": "Kekurangan peserta menuju target",
                   "title_en": "Participants needed to reach target", "unit": "orang",
                   "description": "max(0, ceil(target x pekerja) - peserta_aktif).",
                   "kind": "int"},
    "gap_target_pp": {"title": "Jarak ke target", "title_en": "Gap to target",
                      "unit": "poin persen",
                      "description": "max(0, target - cakupan) x 100.",
                      "kind": "pp"},
    "status": {"title": "Status", "title_en": "Status", "unit": "",
               "description": "di atas target, di bawah target, pekerja nol, tidak ada data.",
               "kind": "text"},
    "perubahan_3bln": {"title": "Perubahan 3 bulan", "title_en": "3-month change",
                       "unit": "rasio 0-1",
                       "description": "cakupan bulan ini dikurangi cakupan 3 bulan sebelumnya.",
                       "kind": "pp"},
    "perubahan_12bln": {"title": "Perubahan 12 bulan", "title_en": "12-month change",
                        "unit": "rasio 0-1",
                        "description": "cakupan bulan ini dikurangi cakupan 12 bulan "
                        "sebelumnya.",
                        "kind": "pp"},
    "peringkat": {"title": "Peringkat", "title_en": "Rank", "unit": "",
                  "description": "1 = cakupan tertinggi; unit tanpa data tidak diberi peringkat.",
                  "kind": "int"},
    "tahun_pekerja": {"title": "Tahun data pekerja", "title_en": "Workforce year", "unit": "",
                      "description": "Tahun Sakernas (Agustus) yang dipakai sebagai penyebut.",
                      "kind": "year"},
    "pekerja_formal": {"title": "Pekerja formal", "title_en": "Formal workers", "unit": "orang",
                       "description": "Penduduk bekerja di sektor formal (penyebut segmen PU).",
                       "kind": "int"},
    "pekerja_informal": {"title": "Pekerja informal", "title_en": "Informal workers",
                         "unit": "orang", "description": "Penduduk bekerja di sektor informal "
                         "(penyebut segmen BPU).",
                         "kind": "int"},
    "label_data": {"title": "Label data", "title_en": "Data label", "unit": "",
                   "description": "'data demo (sintetis)' bila data demo.",
                   "kind": "text"},
    "pekerja_estimasi": {"title": "Pekerja estimasi", "title_en": "Estimated workforce",
                         "unit": "", "description": "True bila penyebut dialokasikan dari "
                         "tingkat lebih tinggi, bukan data langsung.",
                         "kind": "text"},
    # projection (ucjlib.projection): path, scenarios, backtest and allocation tables
    "jenis": {"title": "Jenis", "title_en": "Kind", "unit": "",
              "description": "observasi (data) atau proyeksi (jalur tengah skenario utama).",
              "kind": "text"},
    "cakupan_p5": {"title": "Cakupan persentil 5", "title_en": "Coverage 5th percentile",
                   "unit": "rasio 0-1", "description": "Batas bawah rentang 90% dari jalur "
                   "bootstrap; sama dengan cakupan untuk bulan observasi.",
                   "kind": "pct"},
    "cakupan_p50": {"title": "Cakupan median", "title_en": "Coverage median",
                    "unit": "rasio 0-1", "description": "Median jalur bootstrap.",
                    "kind": "pct"},
    "cakupan_p95": {"title": "Cakupan persentil 95", "title_en": "Coverage 95th percentile",
                    "unit": "rasio 0-1", "description": "Batas atas rentang 90% dari jalur "
                    "bootstrap; sama dengan cakupan untuk bulan observasi.",
                    "kind": "pct"},
    "skenario": {"title": "Skenario", "title_en": "Scenario", "unit": "",
                 "description": "Nama skenario (data/scenarios).",
                 "kind": "text"},
    "deskripsi": {"title": "Deskripsi skenario", "title_en": "Scenario description",
                  "unit": "", "description": "Satu kalimat dari berkas skenario.",
                  "kind": "text"},
    "bulan_target_tercapai": {"title": "Bulan target tercapai",
                              "title_en": "Month target reached", "unit": "YYYY-MM",
                              "description": "Bulan pertama jalur tengah >= target; kosong "
                              "bila tidak dalam horizon.",
                              "kind": "text"},
    "cakupan_tenggat": {"title": "Cakupan pada tenggat", "title_en": "Coverage at deadline",
                        "unit": "rasio 0-1", "description": "Tabel skenario: cakupan jalur "
                        "tengah pada bulan tenggat. Tabel alokasi: cakupan unit pada tenggat "
                        "bila kuotanya tercapai.",
                        "kind": "pct"},
    "kekurangan_tenggat": {"title": "Kekurangan peserta pada tenggat",
                           "title_en": "Shortfall at deadline", "unit": "orang",
                           "description": "max(0, ceil(target x pekerja tenggat) - peserta "
                           "jalur tengah pada tenggat).",
                           "kind": "int"},
    "probabilitas_target": {"title": "Peluang target tercapai",
                            "title_en": "Probability of reaching target", "unit": "rasio 0-1",
                            "description": "Bagian jalur bootstrap dengan cakupan >= target "
                            "pada tenggat.",
                            "kind": "pct"},
    "periode_januari": {"title": "Bulan Januari", "title_en": "January month",
                        "unit": "YYYY-MM", "description": "Januari sesudah tenggat (bulan "
                        "perpanjangan kontrak APBD/APBDes).",
                        "kind": "text"},
    "cakupan_januari": {"title": "Cakupan Januari", "title_en": "Coverage in January",
                        "unit": "rasio 0-1", "description": "Cakupan jalur tengah pada "
                        "periode_januari.",
                        "kind": "pct"},
    "cakupan_akhir": {"title": "Cakupan akhir horizon", "title_en": "Coverage at horizon end",
                      "unit": "rasio 0-1", "description": "Cakupan jalur tengah pada bulan "
                      "terakhir proyeksi.",
                      "kind": "pct"},
    "horizon": {"title": "Horizon", "title_en": "Horizon", "unit": "bulan",
                "description": "Bulan sesudah titik awal uji balik.",
                "kind": "int"},
    "origins": {"title": "Jumlah titik awal", "title_en": "Origins", "unit": "",
                "description": "Bulan awal uji balik yang dinilai pada horizon ini.",
                "kind": "int"},
    "mae_model_pp": {"title": "Galat model", "title_en": "Model error", "unit": "poin persen",
                     "description": "Galat absolut rata-rata proyeksi model (skenario dasar).",
                     "kind": "pp"},
    "mae_naive_pp": {"title": "Galat naif", "title_en": "Naive error", "unit": "poin persen",
                     "description": "Galat absolut rata-rata prakiraan naif (nilai terakhir).",
                     "kind": "pp"},
    "mae_drift_pp": {"title": "Galat drift", "title_en": "Drift error", "unit": "poin persen",
                     "description": "Galat absolut rata-rata prakiraan drift (nilai terakhir "
                     "+ h x rata-rata perubahan bulanan).",
                     "kind": "pp"},
    "beats_naive": {"title": "Lebih baik dari naif", "title_en": "Beats naive", "unit": "",
                    "description": "True bila galat model < galat naif.",
                    "kind": "text"},
    "beats_drift": {"title": "Lebih baik dari drift", "title_en": "Beats drift", "unit": "",
                    "description": "True bila galat model < galat drift.",
                    "kind": "text"},
    "kecamatan": {"title": "Kode kecamatan", "title_en": "District code", "unit": "",
                  "description": "Kode Kemendagri kecamatan dari desa pada baris ini.",
                  "kind": "text"},
    "pekerja_tenggat": {"title": "Penduduk bekerja pada tenggat",
                        "title_en": "Employed persons at deadline", "unit": "orang",
                        "description": "Penduduk bekerja unit, tumbuh seperti kabupatennya "
                        "sampai tenggat.",
                        "kind": "int"},
    "target_peserta": {"title": "Peserta untuk target", "title_en": "Participants for target",
                       "unit": "orang", "description": "ceil(target x pekerja_tenggat).",
                       "kind": "int"},
    "kuota_tambahan": {"title": "Kuota tambahan peserta", "title_en": "Additional quota",
                       "unit": "orang", "description": "Bagian unit dari tambahan bersih "
                       "kabupaten sampai tenggat (sebanding pekerja belum tercakup, dibatasi "
                       "batas_atas, sisa terbesar); kosong bila unit tanpa data.",
                       "kind": "int"},
    "tambahan_per_bulan": {"title": "Tambahan per bulan", "title_en": "Additions per month",
                           "unit": "orang/bulan",
                           "description": "kuota_tambahan / bulan sampai tenggat.",
                           "kind": "dec1"},
    "batas_atas": {"title": "Batas atas tambahan", "title_en": "Cap on additions",
                   "unit": "orang", "description": "Tambahan terbanyak agar cakupan unit tidak "
                   "melewati plafon (default 95%).",
                   "kind": "int"},
    # tables of the report (ucjlib.render.csvout): coverage by desa and segment, the pace
    # of a projection, and the budget (contributions, cash flow, grant, sensitivity)
    "nama_kecamatan": {"title": "Kecamatan", "title_en": "District", "unit": "",
                       "description": "Nama kecamatan dari desa pada baris ini.",
                       "kind": "text"},
    "kode_kecamatan": {"title": "Kode kecamatan", "title_en": "District code", "unit": "",
                       "description": "Kode Kemendagri kecamatan dari desa pada baris ini "
                       "(tabel cakupan per desa).",
                       "kind": "text"},
    # many regions side by side (ucjlib.compare) and the national tables (ucjlib.national)
    "provinsi": {"title": "Kode provinsi", "title_en": "Province code", "unit": "",
                 "description": "Kode Kemendagri provinsi wilayah pada baris ini.",
                 "kind": "text"},
    "nama_provinsi": {"title": "Provinsi", "title_en": "Province", "unit": "",
                      "description": "Nama provinsi wilayah pada baris ini.", "kind": "text"},
    "target": {"title": "Target cakupan", "title_en": "Coverage target", "unit": "rasio 0-1",
               "description": "Target UCJ wilayah untuk bulan ini (data/rules: miliknya "
               "sendiri, provinsinya, atau nasional), atau yang ditetapkan pengguna.",
               "kind": "pct"},
    "sumber_target": {"title": "Sumber target", "title_en": "Target source", "unit": "",
                      "description": "Tingkat asal target: kabupaten, provinsi, nasional "
                      "atau pengguna.", "kind": "text"},
    "tenggat": {"title": "Tenggat", "title_en": "Deadline", "unit": "YYYY-MM",
                "description": "Bulan target harus tercapai: Desember tahun target wilayah "
                "(ucjlib.rules.default_deadline) atau yang ditetapkan pengguna.",
                "kind": "text"},
    "bulan_tersisa": {"title": "Bulan tersisa", "title_en": "Months left", "unit": "bulan",
                      "description": "Bulan dari periode data sampai tenggat.", "kind": "int"},
    "laju_perlu_per_bulan": {"title": "Tambahan bersih perlu per bulan",
                             "title_en": "Net additions needed per month",
                             "unit": "orang/bulan",
                             "description": "gap_target / bulan_tersisa: aritmetika dengan "
                             "penduduk bekerja tetap (sama dengan laju bersih ucjlib.project "
                             "bila tenggat di tahun data pekerja terakhir; sesudahnya proyeksi "
                             "menambah pertumbuhan pekerja).",
                             "kind": "dec1"},
    "tren_per_bulan": {"title": "Tren bersih per bulan", "title_en": "Net trend per month",
                       "unit": "orang/bulan",
                       "description": "(peserta_aktif bulan ini - peserta_aktif 12 bulan "
                       "sebelumnya) / 12; kurang dari 12 bulan bila data lebih pendek.",
                       "kind": "dec1"},
    "tambahan_di_atas_tren": {"title": "Tambahan di atas tren per bulan",
                              "title_en": "Additions over trend per month",
                              "unit": "orang/bulan",
                              "description": "max(0, laju_perlu_per_bulan - tren_per_bulan).",
                              "kind": "dec1"},
    "biaya_apbd_per_tahun_idr": {"title": "Iuran APBD per tahun untuk menutup kekurangan",
                                 "title_en": "Yearly APBD contributions to close the gap",
                                 "unit": "rupiah",
                                 "description": "gap_target x iuran JKK+JKM peserta BPU "
                                 "dibayar APBD (pekerja informal rentan, penghasilan terendah) "
                                 "untuk 12 bulan sesudah tenggat, menurut aturan iuran "
                                 "data/rules.",
                                 "kind": "idr"},
    "label": {"title": "Nama", "title_en": "Name", "unit": "",
              "description": "Nama baris (segmen, asumsi).", "kind": "text"},
    "pekerja_segmen": {"title": "Pekerja formal/informal (penyebut segmen)",
                       "title_en": "Formal/informal workers (segment denominator)",
                       "unit": "orang", "description": "Pekerja formal untuk PU, informal "
                       "untuk BPU.", "kind": "int"},
    "cakupan_segmen": {"title": "Cakupan segmen", "title_en": "Segment coverage",
                       "unit": "rasio 0-1", "description": "peserta_aktif / pekerja_segmen.",
                       "kind": "pct"},
    "ukuran": {"title": "Ukuran", "title_en": "Measure", "unit": "",
               "description": "Nama angka pada baris ini.", "kind": "text"},
    "nilai": {"title": "Nilai", "title_en": "Value", "unit": "kolom satuan",
              "description": "Angka pada baris ini, dalam satuan kolom satuan.",
              "kind": "mixed"},
    "satuan": {"title": "Satuan", "title_en": "Unit", "unit": "",
               "description": "Satuan kolom nilai.", "kind": "text"},
    "tahun": {"title": "Tahun", "title_en": "Year", "unit": "",
              "description": "Tahun anggaran (Januari-Desember).", "kind": "year"},
    "bulan": {"title": "Bulan iuran", "title_en": "Contribution months", "unit": "bulan",
              "description": "Bulan iuran dalam tahun ini.", "kind": "int"},
    "peserta_bulan": {"title": "Peserta-bulan", "title_en": "Participant-months",
                      "unit": "orang x bulan", "description": "Jumlah peserta tiap bulan "
                      "iuran, dijumlahkan.", "kind": "int"},
    "kematian": {"title": "Kematian (harapan)", "title_en": "Deaths (expected)",
                 "unit": "orang", "description": "Nilai harapan kematian peserta.",
                 "kind": "dec1"},
    "kematian_p5": {"title": "Kematian P5", "title_en": "Deaths P5", "unit": "orang",
                    "description": "Persentil 5 simulasi Monte Carlo.", "kind": "int"},
    "kematian_p50": {"title": "Kematian P50", "title_en": "Deaths P50", "unit": "orang",
                     "description": "Median simulasi Monte Carlo.", "kind": "int"},
    "kematian_p95": {"title": "Kematian P95", "title_en": "Deaths P95", "unit": "orang",
                     "description": "Persentil 95 simulasi Monte Carlo.", "kind": "int"},
    "manfaat_jkm_idr": {"title": "Manfaat tunai JKM", "title_en": "JKM cash benefit",
                        "unit": "rupiah", "description": "Santunan tunai JKM yang dibayar.",
                        "kind": "idr"},
    "manfaat_jkk_idr": {"title": "Manfaat tunai JKK", "title_en": "JKK cash benefit",
                        "unit": "rupiah", "description": "Santunan tunai JKK (meninggal karena "
                        "kecelakaan kerja) yang dibayar.", "kind": "idr"},
    "beasiswa_idr": {"title": "Beasiswa", "title_en": "Scholarships", "unit": "rupiah",
                     "description": "Beasiswa anak yang dibayar tahun ini.", "kind": "idr"},
    "pembayaran_idr": {"title": "Pembayaran (harapan)", "title_en": "Payout (expected)",
                       "unit": "rupiah", "description": "Manfaat tunai + beasiswa, nilai "
                       "harapan.", "kind": "idr"},
    "pembayaran_idr_p5": {"title": "Pembayaran P5", "title_en": "Payout P5", "unit": "rupiah",
                          "description": "Persentil 5 simulasi Monte Carlo.", "kind": "idr"},
    "pembayaran_idr_p50": {"title": "Pembayaran P50", "title_en": "Payout P50",
                           "unit": "rupiah", "description": "Median simulasi Monte Carlo.",
                           "kind": "idr"},
    "pembayaran_idr_p95": {"title": "Pembayaran P95", "title_en": "Payout P95",
                           "unit": "rupiah", "description": "Persentil 95 simulasi Monte "
                           "Carlo.", "kind": "idr"},
    "faktor_diskonto": {"title": "Faktor diskonto", "title_en": "Discount factor", "unit": "",
                        "description": "1 / (1 + tingkat diskonto) pangkat jumlah tahun.",
                        "kind": "dec4"},
    "nilai_kini_idr": {"title": "Nilai kini pembayaran", "title_en": "Present value of payout",
                       "unit": "rupiah", "description": "pembayaran_idr x faktor_diskonto.",
                       "kind": "idr"},
    "skema": {"title": "Skema", "title_en": "Scheme", "unit": "",
              "description": "Santunan duka lama atau JKM/JKK iuran APBD.", "kind": "text"},
    "nilai_rendah": {"title": "Nilai rendah", "title_en": "Low value", "unit": "",
                     "description": "Nilai rendah asumsi.", "kind": "text"},
    "nilai_dasar": {"title": "Nilai dasar", "title_en": "Base value", "unit": "",
                    "description": "Nilai asumsi yang dipakai.", "kind": "text"},
    "nilai_tinggi": {"title": "Nilai tinggi", "title_en": "High value", "unit": "",
                     "description": "Nilai tinggi asumsi.", "kind": "text"},
    "nilai_kini_rendah_idr": {"title": "Nilai kini manfaat, nilai rendah",
                              "title_en": "Present value of benefits, low value",
                              "unit": "rupiah", "description": "Dengan nilai rendah asumsi.",
                              "kind": "idr"},
    "nilai_kini_dasar_idr": {"title": "Nilai kini manfaat, dasar",
                             "title_en": "Present value of benefits, base", "unit": "rupiah",
                             "description": "Dengan nilai dasar semua asumsi.", "kind": "idr"},
    "nilai_kini_tinggi_idr": {"title": "Nilai kini manfaat, nilai tinggi",
                              "title_en": "Present value of benefits, high value",
                              "unit": "rupiah", "description": "Dengan nilai tinggi asumsi.",
                              "kind": "idr"},
    "biaya_per_tahun_idr": {"title": "Biaya per tahun", "title_en": "Cost per year",
                            "unit": "rupiah", "description": "Biaya skema untuk APBD per tahun.",
                            "kind": "idr"},
    "keluarga_per_tahun": {"title": "Keluarga penerima per tahun",
                           "title_en": "Families paid per year", "unit": "keluarga",
                           "description": "Keluarga yang menerima pembayaran per tahun.",
                           "kind": "int"},
    "per_keluarga_idr": {"title": "Rata-rata per keluarga", "title_en": "Average per family",
                         "unit": "rupiah", "description": "Pembayaran rata-rata per keluarga.",
                         "kind": "idr"},
    "manfaat_per_tahun_idr": {"title": "Manfaat per tahun", "title_en": "Benefits per year",
                              "unit": "rupiah", "description": "Manfaat yang dibayar ke "
                              "keluarga per tahun.", "kind": "idr"},
}


def title(column: str, lang: str = "id") -> str:
    """Return the display title of ``column`` (the column name itself when unknown).

    Examples
    --------
    >>> title("cakupan"), title("cakupan", "en")
    ('Cakupan UCJ', 'UCJ coverage')
    """
    meta = COLUMNS.get(column)
    if meta is None:
        return column
    return meta["title" if lang == "id" else "title_en"]


def kind(column: str) -> str:
    """Return the kind (:data:`KINDS`) of ``column``; ``text`` when unknown.

    Examples
    --------
    >>> kind("cakupan"), kind("nilai_kini_idr"), kind("tidak-ada")
    ('pct', 'idr', 'text')
    """
    return COLUMNS.get(column, {}).get("kind", "text")


def header(column: str, lang: str = "id", kind: str = "text") -> str:
    """Return the header of a CSV/XLSX column: its title and the unit of its ``kind``.

    Contribution columns ``iuran_<payer>_idr`` are named after their payer.

    Examples
    --------
    >>> header("cakupan", kind="pct"), header("gap_target_pp", "en", "pp")
    ('Cakupan UCJ (%)', 'Gap to target (pp)')
    >>> header("iuran_apbd_idr", kind="idr"), header("iuran_total_idr", "en", "idr")
    ('Iuran APBD (Rp)', 'Contributions total (IDR)')
    """
    if column.startswith("iuran_") and column.endswith("_idr") and column not in COLUMNS:
        payer = column.removeprefix("iuran_").removesuffix("_idr")
        payer = {"apbd": "APBD", "apbdes": "APBDes",
                 "total": "total"}.get(payer, payer)
        text = f"Iuran {payer}" if lang == "id" else f"Contributions {payer}"
    else:
        text = title(column, lang)
    unit = HEADER_UNITS.get(kind)
    return f"{text} ({unit[0 if lang == 'id' else 1]})" if unit else text
