/*
 * What the self-assessment grids (autoevaluation.js) and the paths' forms (formulaires.js) share: what is typed
 * stays in this browser (localStorage), nothing is sent. Reading and saving, JSON export and import (a bad file
 * changes nothing), a confirmed clear, status messages, textareas grown for print, and start-up on every page
 * of Material's instant navigation. Loaded before both (extra_javascript), as window.SaisieLocale.
 *
 * A kind of form inherits Saisie.prototype and provides: cle (its localStorage key), nomExport (the exported
 * file's prefix), outils (the selector of its toolbar), textes (its messages), and the methods vide, verifier,
 * nettoyer, remplir, saisie, tropGros, questionRemplacer, importReussi and questionEffacer.
 */
(function () {
  "use strict"

  var MAX_OCTETS = 2000000

  function estObjet(valeur) {
    return valeur !== null && typeof valeur === "object" && !Array.isArray(valeur)
  }

  function Saisie(form) {
    this.form = form
    this.page = form.closest(".md-content") || document
    this.certification = form.dataset.certification
    this.message = this.page.querySelector(".grille-message")
  }

  Saisie.prototype.dire = function (texte, erreur) {
    if (!this.message) return
    this.message.textContent = texte
    this.message.classList.toggle("grille-erreur", !!erreur)
    this.message.setAttribute("role", erreur ? "alert" : "status")
  }

  Saisie.prototype.charger = function () {
    var brut = null
    try {
      brut = window.localStorage.getItem(this.cle)
    } catch (e) {
      this.dire(this.textes.refus, true)
      return this.vide()
    }
    if (brut === null) return this.vide()
    try {
      var donnees = JSON.parse(brut)
      if (this.verifier(donnees) === null) return this.nettoyer(donnees)
    } catch (e) { /* unreadable: handled below */ }
    // Never overwrite saved answers that cannot be read: they are set aside, and the user is told.
    try {
      window.localStorage.setItem(this.cle + ":illisible:" + Date.now(), brut)
    } catch (e) { /* storage full: no copy, but the original stays */ }
    this.dire(this.textes.illisible, true)
    return this.vide()
  }

  Saisie.prototype.enregistrer = function () {
    try {
      window.localStorage.setItem(this.cle, JSON.stringify(this.donnees))
      return true
    } catch (e) {
      this.dire(this.textes.plein, true)
      return false
    }
  }

  Saisie.prototype.exporter = function () {
    var contenu = Object.assign({}, this.donnees, { exporte: new Date().toISOString() })
    var blob = new Blob([JSON.stringify(contenu, null, 2)], { type: "application/json" })
    var lien = document.createElement("a")
    lien.href = URL.createObjectURL(blob)
    lien.download = this.nomExport + "-" + this.certification.toLowerCase() + "-" + new Date().toISOString().slice(0, 10) + ".json"
    document.body.appendChild(lien)
    lien.click()
    lien.remove()
    setTimeout(function () { URL.revokeObjectURL(lien.href) }, 1000)
    this.dire(this.textes.exporte + lien.download + ".")
  }

  Saisie.prototype.importer = function (fichier) {
    var self = this
    if (fichier.size > MAX_OCTETS) {
      this.dire(this.tropGros(fichier), true)
      return
    }
    fichier.text().then(function (texte) {
      var donnees
      try {
        donnees = JSON.parse(texte)
      } catch (e) {
        self.dire(self.textes.illisibleImport, true)
        return
      }
      var erreur = self.verifier(donnees)
      if (erreur) {
        self.dire(erreur + " " + self.textes.rienImporte, true)
        return
      }
      var question = self.questionRemplacer()
      if (question && !window.confirm(question)) {
        self.dire(self.textes.importAnnule)
        return
      }
      var avant = self.donnees
      self.donnees = self.nettoyer(donnees)
      if (!self.enregistrer()) {
        self.donnees = avant
        return
      }
      self.remplir()
      self.dire(self.importReussi())
    })
  }

  Saisie.prototype.effacer = function () {
    if (!window.confirm(this.questionEffacer())) {
      this.dire("Rien n’a été effacé.")
      return
    }
    try {
      window.localStorage.removeItem(this.cle)
    } catch (e) { /* nothing to clear */ }
    this.donnees = this.vide()
    this.remplir()
    this.dire(this.textes.efface)
  }

  Saisie.prototype.brancher = function () {
    var self = this
    this.form.addEventListener("input", function (ev) { self.saisie(ev.target) })
    this.form.addEventListener("change", function (ev) { self.saisie(ev.target) })
    var outils = this.page.querySelector(this.outils)
    if (!outils) return
    outils.hidden = false
    outils.querySelector("[data-action=exporter]").addEventListener("click", function () { self.exporter() })
    outils.querySelector("[data-action=imprimer]").addEventListener("click", function () { window.print() })
    outils.querySelector("[data-action=effacer]").addEventListener("click", function () { self.effacer() })
    var choix = outils.querySelector("input[type=file]")
    choix.addEventListener("change", function () {
      if (choix.files && choix.files[0]) self.importer(choix.files[0])
      choix.value = ""
    })
  }

  /*
   * Starts one kind of form: each form that `selecteur` finds becomes a `Sorte` (a Saisie), once. Material's
   * instant navigation changes the content without loading the page; opened from disk (file://, the offline
   * site), Material emits no document$: so both document$ and the page's load start the forms. `zones` are the
   * textareas grown to their text before printing.
   */
  function demarrer(selecteur, zones, Sorte) {
    var actives = []

    function brancherTout() {
      actives = actives.filter(function (saisie) { return document.contains(saisie.form) })
      document.querySelectorAll(selecteur).forEach(function (form) {
        if (form.dataset.branchee) return // already started by the other trigger
        form.dataset.branchee = "oui"
        var saisie = new Sorte(form)
        saisie.brancher()
        saisie.remplir()
        actives.push(saisie)
      })
    }

    // Another page or tab changed what is saved: read it again.
    window.addEventListener("storage", function (ev) {
      actives.forEach(function (saisie) {
        if (ev.key === saisie.cle) {
          saisie.donnees = saisie.charger()
          saisie.remplir()
        }
      })
    })
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll(zones).forEach(function (zone) {
        zone.style.height = "auto"
        zone.style.height = zone.scrollHeight + 4 + "px"
      })
    })

    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(brancherTout)
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", brancherTout)
    else brancherTout()
  }

  window.SaisieLocale = { Saisie: Saisie, demarrer: demarrer, estObjet: estObjet, MAX_TEXTE: 20000 }
})()
