/*
 * Formulaires des parcours (dossier de preuves, avis de l'entreprise) : ce qui est saisi reste dans ce
 * navigateur (localStorage), rien n'est envoyé.
 *
 * Une entrée par formulaire et par certification (« dossier-preuves:RNCP21806 ») : tous les champs,
 * par nom. Les formulaires de plusieurs blocs partagent l'entrée, donc l'identité. Une réponse à un
 * champ qui n'existe plus est gardée et exportée, jamais effacée sans qu'on le demande. Export et
 * import en JSON. Sans JavaScript, la page reste un formulaire vierge à imprimer.
 */
(function () {
  "use strict"

  var FORMAT = "formulaire-rncp"
  var VERSION = 1
  var MAX_OCTETS = 2000000
  var MAX_TEXTE = 20000
  var NOM = /^[A-Za-z0-9_-]{1,80}$/

  function estObjet(valeur) {
    return valeur !== null && typeof valeur === "object" && !Array.isArray(valeur)
  }

  function vide(formulaire, certification) {
    return { format: FORMAT, version: VERSION, formulaire: formulaire, certification: certification, champs: {} }
  }

  /* Vérifie un enregistrement ou un fichier importé ; renvoie un message d'erreur, ou null s'il est bon. */
  function verifier(donnees, formulaire, certification) {
    if (!estObjet(donnees) || donnees.format !== FORMAT)
      return "Ce fichier n’est pas un export de formulaire de ce site."
    if (typeof donnees.version !== "number" || donnees.version > VERSION)
      return "Ce fichier vient d’une version plus récente du site : rechargez la page, puis réessayez."
    if (donnees.formulaire !== formulaire)
      return "Ce fichier est un export d’un autre formulaire (« " + String(donnees.formulaire).slice(0, 40) +
        " ») : ouvrez ce formulaire-là pour l’importer."
    if (donnees.certification !== certification)
      return "Ce fichier concerne la certification « " + String(donnees.certification).slice(0, 40) +
        " », pas " + certification + "."
    if (!estObjet(donnees.champs)) return "Le fichier est abîmé : la liste des champs manque."
    for (var nom in donnees.champs) {
      if (!NOM.test(nom)) return "Le fichier est abîmé : « " + nom.slice(0, 30) + " » n’est pas un nom de champ."
      var valeur = donnees.champs[nom]
      if (typeof valeur !== "string" || valeur.length > MAX_TEXTE)
        return "Le fichier est abîmé : le champ « " + nom + " » n’est pas un texte."
    }
    return null
  }

  function nettoyer(donnees) {
    var propre = vide(donnees.formulaire, donnees.certification)
    for (var nom in donnees.champs) propre.champs[nom] = donnees.champs[nom]
    return propre
  }

  function Formulaire(form) {
    this.form = form
    this.page = form.closest(".md-content") || document
    this.nom = form.dataset.formulaire
    this.certification = form.dataset.certification
    this.cle = this.nom + ":" + this.certification
    this.message = this.page.querySelector(".grille-message")
    this.donnees = this.charger()
  }

  Formulaire.prototype.dire = function (texte, erreur) {
    if (!this.message) return
    this.message.textContent = texte
    this.message.classList.toggle("grille-erreur", !!erreur)
    this.message.setAttribute("role", erreur ? "alert" : "status")
  }

  Formulaire.prototype.charger = function () {
    var brut = null
    try {
      brut = window.localStorage.getItem(this.cle)
    } catch (e) {
      this.dire("Ce navigateur refuse l’enregistrement local : votre saisie ne sera pas gardée. Exportez-la avant de quitter.", true)
      return vide(this.nom, this.certification)
    }
    if (brut === null) return vide(this.nom, this.certification)
    try {
      var donnees = JSON.parse(brut)
      if (verifier(donnees, this.nom, this.certification) === null) return nettoyer(donnees)
    } catch (e) { /* illisible : traité ci-dessous */ }
    try {
      window.localStorage.setItem(this.cle + ":illisible:" + Date.now(), brut)
    } catch (e) { /* plein : l'original reste */ }
    this.dire("Une saisie enregistrée n’a pas pu être relue ; elle a été mise de côté dans ce navigateur.", true)
    return vide(this.nom, this.certification)
  }

  Formulaire.prototype.enregistrer = function () {
    try {
      this.donnees.modifie = new Date().toISOString()
      window.localStorage.setItem(this.cle, JSON.stringify(this.donnees))
      return true
    } catch (e) {
      this.dire("Impossible d’enregistrer dans ce navigateur (espace plein ou navigation privée) : exportez votre saisie pour la garder.", true)
      return false
    }
  }

  Formulaire.prototype.champs = function () {
    return Array.prototype.slice.call(this.form.querySelectorAll("input[name], textarea[name]"))
  }

  Formulaire.prototype.remplir = function () {
    var champs = this.donnees.champs
    var presents = {}
    this.champs().forEach(function (champ) {
      presents[champ.name] = true
      if (champ.type === "radio") champ.checked = champs[champ.name] === champ.value
      else champ.value = champs[champ.name] || ""
    })
    var absents = Object.keys(champs).filter(function (nom) { return !presents[nom] && champs[nom] && !/^identite-/.test(nom) })
    this.absents = absents.length
  }

  Formulaire.prototype.saisie = function (cible) {
    if (!cible.name) return
    if (cible.type === "radio" && !cible.checked) return
    this.donnees.champs[cible.name] = cible.value
    this.enregistrer()
  }

  Formulaire.prototype.exporter = function () {
    var contenu = Object.assign({}, this.donnees, { exporte: new Date().toISOString() })
    var blob = new Blob([JSON.stringify(contenu, null, 2)], { type: "application/json" })
    var lien = document.createElement("a")
    lien.href = URL.createObjectURL(blob)
    lien.download = this.nom + "-" + this.certification.toLowerCase() + "-" + new Date().toISOString().slice(0, 10) + ".json"
    document.body.appendChild(lien)
    lien.click()
    lien.remove()
    setTimeout(function () { URL.revokeObjectURL(lien.href) }, 1000)
    this.dire("Votre saisie a été exportée dans le fichier " + lien.download + ".")
  }

  Formulaire.prototype.importer = function (fichier) {
    var self = this
    if (fichier.size > MAX_OCTETS) {
      this.dire("Ce fichier est trop gros pour être un export de formulaire : rien n’a été importé.", true)
      return
    }
    fichier.text().then(function (texte) {
      var donnees
      try {
        donnees = JSON.parse(texte)
      } catch (e) {
        self.dire("Ce fichier n’est pas un export lisible (JSON invalide) : rien n’a été importé, votre saisie est inchangée.", true)
        return
      }
      var erreur = verifier(donnees, self.nom, self.certification)
      if (erreur) {
        self.dire(erreur + " Rien n’a été importé, votre saisie est inchangée.", true)
        return
      }
      var actuels = Object.keys(self.donnees.champs).filter(function (n) { return self.donnees.champs[n] }).length
      if (actuels && !window.confirm("Remplacer votre saisie actuelle (" + actuels + " champs remplis) par celle du fichier ?")) {
        self.dire("Import annulé : votre saisie est inchangée.")
        return
      }
      var avant = self.donnees
      self.donnees = nettoyer(donnees)
      if (!self.enregistrer()) {
        self.donnees = avant
        return
      }
      self.remplir()
      self.dire("Import réussi." + (self.absents ? " " + self.absents + " champ(s) du fichier ne figurent pas sur cette page ; ils restent enregistrés." : ""))
    })
  }

  Formulaire.prototype.effacer = function () {
    if (!window.confirm("Effacer toute votre saisie de ce formulaire pour " + this.certification +
      " ? Pensez à l’exporter avant : c’est définitif.")) {
      this.dire("Rien n’a été effacé.")
      return
    }
    try {
      window.localStorage.removeItem(this.cle)
    } catch (e) { /* rien à effacer */ }
    this.donnees = vide(this.nom, this.certification)
    this.remplir()
    this.dire("Votre saisie a été effacée de ce navigateur.")
  }

  Formulaire.prototype.brancher = function () {
    var self = this
    this.form.addEventListener("input", function (ev) { self.saisie(ev.target) })
    this.form.addEventListener("change", function (ev) { self.saisie(ev.target) })
    var outils = this.page.querySelector(".formulaire-outils")
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

  function agrandirZones() {
    document.querySelectorAll(".formulaire textarea").forEach(function (zone) {
      zone.style.height = "auto"
      zone.style.height = zone.scrollHeight + 4 + "px"
    })
  }

  var actifs = []

  function demarrer() {
    actifs = []
    document.querySelectorAll("form.formulaire[data-formulaire][data-certification]").forEach(function (form) {
      var formulaire = new Formulaire(form)
      formulaire.brancher()
      formulaire.remplir()
      actifs.push(formulaire)
    })
  }

  window.addEventListener("storage", function (ev) {
    actifs.forEach(function (formulaire) {
      if (ev.key === formulaire.cle) {
        formulaire.donnees = formulaire.charger()
        formulaire.remplir()
      }
    })
  })
  window.addEventListener("beforeprint", agrandirZones)

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(demarrer)
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", demarrer)
  else demarrer()
})()
