"""One place that describes every output column: title (id, en), unit and description.

CSV and XLSX headers, the JSON metadata and the data dictionary of outputs are
made from :data:`COLUMNS`; an analysis that adds a column adds it here.
"""

from __future__ import annotations

#: Every output column: title (id, en), unit, description. Used for CSV/XLSX
#: headers and metadata sheets.
COLUMNS: dict[str, dict[str, str]] = {
    "kode": {"title": "Kode wilayah", "title_en": "Region code", "unit": "",
             "description": "Kode Kemendagri (Kepmendagri 300.2.2-2138/2025)."},
    "nama": {"title": "Nama wilayah", "title_en": "Region name", "unit": "",
             "description": "Nama resmi dari gazeter wilayah."},
    "level": {"title": "Tingkat", "title_en": "Level", "unit": "",
              "description": "kabupaten, kecamatan atau desa."},
    "periode": {"title": "Periode", "title_en": "Period", "unit": "YYYY-MM",
                "description": "Bulan data kepesertaan (akhir bulan)."},
    "segmen": {"title": "Segmen", "title_en": "Segment", "unit": "",
               "description": "PU, BPU, JAKON atau PMI (hanya bila by='segmen')."},
    "pendanaan": {"title": "Pendanaan", "title_en": "Funding", "unit": "",
                  "description": "mandiri, APBD, APBDes atau lainnya (hanya bila by='pendanaan')."},
    "pekerja": {"title": "Penduduk bekerja", "title_en": "Employed persons", "unit": "orang",
                "description": "Penduduk bekerja (penyebut), tahun sesuai aturan di dataset.py."},
    "peserta_aktif": {"title": "Peserta aktif", "title_en": "Active participants",
                      "unit": "orang", "description": "Peserta aktif BPJS Ketenagakerjaan, "
                      "semua segmen (atau segmen/pendanaan baris ini)."},
    "cakupan": {"title": "Cakupan UCJ", "title_en": "UCJ coverage", "unit": "rasio 0-1",
                "description": "peserta_aktif / pekerja; kosong bila tidak ada data atau "
                "pekerja nol."},
    "tidak_tercakup": {"title": "Pekerja belum tercakup", "title_en": "Uncovered workers",
                       "unit": "orang", "description": "max(0, pekerja - peserta_aktif)."},
    "gap_target": {"title": "Kekurangan peserta menuju target",
                   "title_en": "Participants needed to reach target", "unit": "orang",
                   "description": "max(0, ceil(target x pekerja) - peserta_aktif)."},
    "gap_target_pp": {"title": "Jarak ke target", "title_en": "Gap to target",
                      "unit": "poin persen",
                      "description": "max(0, target - cakupan) x 100."},
    "status": {"title": "Status", "title_en": "Status", "unit": "",
               "description": "di atas target, di bawah target, pekerja nol, tidak ada data."},
    "perubahan_3bln": {"title": "Perubahan 3 bulan", "title_en": "3-month change",
                       "unit": "rasio 0-1",
                       "description": "cakupan bulan ini dikurangi cakupan 3 bulan sebelumnya."},
    "perubahan_12bln": {"title": "Perubahan 12 bulan", "title_en": "12-month change",
                        "unit": "rasio 0-1",
                        "description": "cakupan bulan ini dikurangi cakupan 12 bulan "
                        "sebelumnya."},
    "peringkat": {"title": "Peringkat", "title_en": "Rank", "unit": "",
                  "description": "1 = cakupan tertinggi; unit tanpa data tidak diberi peringkat."},
    "tahun_pekerja": {"title": "Tahun data pekerja", "title_en": "Workforce year", "unit": "",
                      "description": "Tahun Sakernas (Agustus) yang dipakai sebagai penyebut."},
    "pekerja_formal": {"title": "Pekerja formal", "title_en": "Formal workers", "unit": "orang",
                       "description": "Penduduk bekerja di sektor formal (penyebut segmen PU)."},
    "pekerja_informal": {"title": "Pekerja informal", "title_en": "Informal workers",
                         "unit": "orang", "description": "Penduduk bekerja di sektor informal "
                         "(penyebut segmen BPU)."},
    "label_data": {"title": "Label data", "title_en": "Data label", "unit": "",
                   "description": "'data demo (sintetis)' bila data demo."},
    "pekerja_estimasi": {"title": "Pekerja estimasi", "title_en": "Estimated workforce",
                         "unit": "", "description": "True bila penyebut dialokasikan dari "
                         "tingkat lebih tinggi, bukan data langsung."},
    # projection (ucjlib.projection): path, scenarios, backtest and allocation tables
    "jenis": {"title": "Jenis", "title_en": "Kind", "unit": "",
              "description": "observasi (data) atau proyeksi (jalur tengah skenario utama)."},
    "cakupan_p5": {"title": "Cakupan persentil 5", "title_en": "Coverage 5th percentile",
                   "unit": "rasio 0-1", "description": "Batas bawah rentang 90% dari jalur "
                   "bootstrap; sama dengan cakupan untuk bulan observasi."},
    "cakupan_p50": {"title": "Cakupan median", "title_en": "Coverage median",
                    "unit": "rasio 0-1", "description": "Median jalur bootstrap."},
    "cakupan_p95": {"title": "Cakupan persentil 95", "title_en": "Coverage 95th percentile",
                    "unit": "rasio 0-1", "description": "Batas atas rentang 90% dari jalur "
                    "bootstrap; sama dengan cakupan untuk bulan observasi."},
    "skenario": {"title": "Skenario", "title_en": "Scenario", "unit": "",
                 "description": "Nama skenario (data/scenarios)."},
    "deskripsi": {"title": "Deskripsi skenario", "title_en": "Scenario description",
                  "unit": "", "description": "Satu kalimat dari berkas skenario."},
    "bulan_target_tercapai": {"title": "Bulan target tercapai",
                              "title_en": "Month target reached", "unit": "YYYY-MM",
                              "description": "Bulan pertama jalur tengah >= target; kosong "
                              "bila tidak dalam horizon."},
    "cakupan_tenggat": {"title": "Cakupan pada tenggat", "title_en": "Coverage at deadline",
                        "unit": "rasio 0-1", "description": "Tabel skenario: cakupan jalur "
                        "tengah pada bulan tenggat. Tabel alokasi: cakupan unit pada tenggat "
                        "bila kuotanya tercapai."},
    "kekurangan_tenggat": {"title": "Kekurangan peserta pada tenggat",
                           "title_en": "Shortfall at deadline", "unit": "orang",
                           "description": "max(0, ceil(target x pekerja tenggat) - peserta "
                           "jalur tengah pada tenggat)."},
    "probabilitas_target": {"title": "Peluang target tercapai",
                            "title_en": "Probability of reaching target", "unit": "rasio 0-1",
                            "description": "Bagian jalur bootstrap dengan cakupan >= target "
                            "pada tenggat."},
    "periode_januari": {"title": "Bulan Januari", "title_en": "January month",
                        "unit": "YYYY-MM", "description": "Januari sesudah tenggat (bulan "
                        "perpanjangan kontrak APBD/APBDes)."},
    "cakupan_januari": {"title": "Cakupan Januari", "title_en": "Coverage in January",
                        "unit": "rasio 0-1", "description": "Cakupan jalur tengah pada "
                        "periode_januari."},
    "cakupan_akhir": {"title": "Cakupan akhir horizon", "title_en": "Coverage at horizon end",
                      "unit": "rasio 0-1", "description": "Cakupan jalur tengah pada bulan "
                      "terakhir proyeksi."},
    "horizon": {"title": "Horizon", "title_en": "Horizon", "unit": "bulan",
                "description": "Bulan sesudah titik awal uji balik."},
    "origins": {"title": "Jumlah titik awal", "title_en": "Origins", "unit": "",
                "description": "Bulan awal uji balik yang dinilai pada horizon ini."},
    "mae_model_pp": {"title": "Galat model", "title_en": "Model error", "unit": "poin persen",
                     "description": "Galat absolut rata-rata proyeksi model (skenario dasar)."},
    "mae_naive_pp": {"title": "Galat naif", "title_en": "Naive error", "unit": "poin persen",
                     "description": "Galat absolut rata-rata prakiraan naif (nilai terakhir)."},
    "mae_drift_pp": {"title": "Galat drift", "title_en": "Drift error", "unit": "poin persen",
                     "description": "Galat absolut rata-rata prakiraan drift (nilai terakhir "
                     "+ h x rata-rata perubahan bulanan)."},
    "beats_naive": {"title": "Lebih baik dari naif", "title_en": "Beats naive", "unit": "",
                    "description": "True bila galat model < galat naif."},
    "beats_drift": {"title": "Lebih baik dari drift", "title_en": "Beats drift", "unit": "",
                    "description": "True bila galat model < galat drift."},
    "kecamatan": {"title": "Kode kecamatan", "title_en": "District code", "unit": "",
                  "description": "Kode Kemendagri kecamatan dari desa pada baris ini."},
    "pekerja_tenggat": {"title": "Penduduk bekerja pada tenggat",
                        "title_en": "Employed persons at deadline", "unit": "orang",
                        "description": "Penduduk bekerja unit, tumbuh seperti kabupatennya "
                        "sampai tenggat."},
    "target_peserta": {"title": "Peserta untuk target", "title_en": "Participants for target",
                       "unit": "orang", "description": "ceil(target x pekerja_tenggat)."},
    "kuota_tambahan": {"title": "Kuota tambahan peserta", "title_en": "Additional quota",
                       "unit": "orang", "description": "Bagian unit dari tambahan bersih "
                       "kabupaten sampai tenggat (sebanding pekerja belum tercakup, dibatasi "
                       "batas_atas, sisa terbesar); kosong bila unit tanpa data."},
    "tambahan_per_bulan": {"title": "Tambahan per bulan", "title_en": "Additions per month",
                           "unit": "orang/bulan",
                           "description": "kuota_tambahan / bulan sampai tenggat."},
    "batas_atas": {"title": "Batas atas tambahan", "title_en": "Cap on additions",
                   "unit": "orang", "description": "Tambahan terbanyak agar cakupan unit tidak "
                   "melewati plafon (default 95%)."},
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
